package io.batchlab.provider;

import java.time.Duration;

/** The provider answered a well-formed request the provider cannot process (422). */
public class ProviderUnprocessableEntityException extends ProviderException {

    public ProviderUnprocessableEntityException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
