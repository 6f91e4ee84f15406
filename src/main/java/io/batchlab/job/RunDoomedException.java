package io.batchlab.job;

/**
 * A provider refusal that no retry can fix and that would hit every user (bad key, retired or unknown model).
 * Not retryable and not skippable in the job XML, so the job fails early with the provider's message.
 */
public class RunDoomedException extends RuntimeException {

    public RunDoomedException(String message, Throwable cause) {
        super(message, cause);
    }
}
