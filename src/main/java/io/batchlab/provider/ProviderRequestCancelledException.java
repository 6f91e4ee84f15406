package io.batchlab.provider;

import java.time.Duration;

/** The provider answered Groq's non-standard "request cancelled" (499). */
public class ProviderRequestCancelledException extends ProviderException {

    public ProviderRequestCancelledException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
