package io.batchlab.provider;

import java.time.Duration;

/** The provider answered a file or request over the provider's size or token limits (413). */
public class ProviderPayloadTooLargeException extends ProviderException {

    public ProviderPayloadTooLargeException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
