package io.batchlab.provider;

import java.time.Duration;

/** The provider answered a conflicting concurrent change (409); retried. */
public class ProviderConflictException extends ProviderException {

    public ProviderConflictException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
