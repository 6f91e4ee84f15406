package io.batchlab.provider;

import java.time.Duration;

/** The provider answered an unknown file, batch or model, e.g. `model_not_found` (404). */
public class ProviderNotFoundException extends ProviderException {

    public ProviderNotFoundException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
