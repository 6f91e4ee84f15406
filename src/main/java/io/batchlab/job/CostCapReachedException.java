package io.batchlab.job;

/**
 * Submitting must stop: the next user's batch would take the estimate of what is submitted past
 * {@code provider.max_cost}. Neither retryable nor skippable in the job XML, so the chunk (and the step) ends with the
 * reader's checkpoint before that user; the message says how to go on.
 */
public class CostCapReachedException extends RuntimeException {

    public CostCapReachedException(String message) {
        super(message);
    }
}
