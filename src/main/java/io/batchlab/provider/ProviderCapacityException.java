package io.batchlab.provider;

import java.time.Duration;

/** The provider answered Groq's non-standard "over capacity" (498); retried. */
public class ProviderCapacityException extends ProviderException {

    public ProviderCapacityException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
