package io.batchlab.provider;

import java.io.ObjectStreamException;
import java.time.Duration;
import java.util.Optional;

/**
 * An error answered by the provider (or met on the way to it). Unchecked; one class for every HTTP status: callers
 * test {@link #status()}, {@link #code()}, {@link #retryable()} and {@link #dooms()}, not the type. {@link #status()} is
 * 0 when no error status arrived: {@link ProviderIoException} (no complete answer) and
 * {@link ProviderInvalidResponseException} (an answer batchlab cannot read).
 */
public class ProviderException extends RuntimeException {

    private final int status;
    private final String requestId;
    private final String code;
    private final String type;
    private final Duration retryAfter;

    public ProviderException(int status, String requestId, String code, String type, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.requestId = requestId;
        this.code = code;
        this.type = type;
        this.retryAfter = retryAfter;
    }

    protected ProviderException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.requestId = null;
        this.code = null;
        this.type = null;
        this.retryAfter = null;
    }

    /** A copy whose cause is told as text: see {@link #writeReplace()}. */
    private ProviderException(ProviderException original) {
        super(original.getMessage() + " (caused by " + original.getCause().getClass().getName() + ": "
                + original.getCause().getMessage() + ")");
        this.status = original.status;
        this.requestId = original.requestId;
        this.code = original.code;
        this.type = original.type;
        this.retryAfter = original.retryAfter;
        setStackTrace(original.getStackTrace());
    }

    /**
     * A failed step's exception is serialized into the job repository and read back by the batch runtime, which on
     * WildFly cannot load the HTTP library's exception classes (module isolation): the repository update then fails
     * and the job hangs. The cause is therefore written as text; the log line of the failed call keeps its details.
     */
    protected Object writeReplace() throws ObjectStreamException {
        return getCause() == null ? this : new ProviderException(this);
    }

    /** HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** The provider's {@code x-request-id}, for support tickets. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** Groq's {@code error.code}, e.g. {@code model_decommissioned}. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** Groq's {@code error.type}, e.g. {@code invalid_request_error}. */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** The wait the server asked for ({@code retry-after-ms} / {@code retry-after}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether repeating the same call may succeed (connection errors, 408, 409, 429, 498, 5xx). */
    public boolean retryable() {
        return status == 408 || status == 409 || status == 429 || status == 498 || status >= 500;
    }

    /**
     * Whether this error fails a whole run early: a bad key, a plan without access, or a model that is gone will not
     * get better for the next user.
     */
    public boolean dooms() {
        return status == 401 || status == 403
                || (status == 400 && "model_decommissioned".equals(code))
                || (status == 404 && "model_not_found".equals(code));
    }
}
