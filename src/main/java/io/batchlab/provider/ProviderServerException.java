package io.batchlab.provider;

import java.time.Duration;

/** The provider answered a server-side failure (5xx); retried. */
public class ProviderServerException extends ProviderException {

    public ProviderServerException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
