package io.batchlab.provider;

import java.time.Duration;

/** The provider answered a missing or invalid API key (401). */
public class ProviderAuthenticationException extends ProviderException {

    public ProviderAuthenticationException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
