package io.batchlab.provider;

/** The provider answered 2xx with a body batchlab cannot read (e.g. a batch without an id). Not retried. */
public class ProviderInvalidResponseException extends ProviderException {

    public ProviderInvalidResponseException(String message) {
        super(message, null);
    }
}
