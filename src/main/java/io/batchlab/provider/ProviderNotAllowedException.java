package io.batchlab.provider;

/** The run names a provider that may not receive the API key; nothing was sent. */
public class ProviderNotAllowedException extends IllegalArgumentException {

    public ProviderNotAllowedException(String message) {
        super(message);
    }
}
