package io.batchlab.provider;

import java.time.Duration;

/** The provider answered a key without access, e.g. `not_available_for_plan` (403). */
public class ProviderPermissionDeniedException extends ProviderException {

    public ProviderPermissionDeniedException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
