package io.batchlab.provider;

import java.time.Duration;

/** The provider answered a request the provider rejects as malformed or invalid (400), e.g. `model_decommissioned`. */
public class ProviderBadRequestException extends ProviderException {

    public ProviderBadRequestException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(status, requestId, code, type, message, retryAfter);
    }
}
