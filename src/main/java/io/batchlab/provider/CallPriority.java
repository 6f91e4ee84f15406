package io.batchlab.provider;

/**
 * Collecting goes before submitting. When calls queue for the client's pacing, new submissions (uploads, batch
 * creations) wait until no other call is queued, so the polls that find finished batches and the downloads of their
 * results never wait behind a flood of new uploads: a large run keeps the rate limit busy with submissions for hours,
 * and without this each finished batch would wait its turn among them. Submissions still get every slot the other
 * calls leave unused, and the other calls are few (a poll per 200 batches, a download per batch).
 */
final class CallPriority {

    private int promptQueued;

    /** A call that goes first has joined the queue. */
    synchronized void promptQueued() {
        promptQueued++;
    }

    /** That call got its turn (or gave up): submissions may go once no other such call is queued. */
    synchronized void promptLeftQueue() {
        promptQueued--;
        if (promptQueued == 0) {
            notifyAll();
        }
    }

    /** Blocks a submission while a call that goes first is queued. */
    synchronized void awaitSubmissionTurn() throws InterruptedException {
        while (promptQueued > 0) {
            wait();
        }
    }
}
