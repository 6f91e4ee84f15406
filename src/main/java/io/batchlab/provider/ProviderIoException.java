package io.batchlab.provider;

/** No (complete) answer: connection refused or reset, timeout, or a download cut mid-stream. Retried. */
public class ProviderIoException extends ProviderException {

    public ProviderIoException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
