package io.batchlab.provider;

import java.time.Duration;

/** The provider answered a rate limit hit (429); retried after the server's `retry-after`. */
public class ProviderRateLimitException extends ProviderException {

    public ProviderRateLimitException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
