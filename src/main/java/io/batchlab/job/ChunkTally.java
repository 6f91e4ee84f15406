package io.batchlab.job;

import jakarta.batch.runtime.context.StepContext;

/**
 * What the writer changed in the current chunk, kept in the (partition's) step context until
 * {@link SubmitProgressListener} adds it to status.json after the chunk.
 */
final class ChunkTally {

    long prepared;
    long submitted;

    static ChunkTally of(StepContext step) {
        if (step.getTransientUserData() instanceof ChunkTally tally) {
            return tally;
        }
        ChunkTally tally = new ChunkTally();
        step.setTransientUserData(tally);
        return tally;
    }

    boolean isEmpty() {
        return prepared == 0 && submitted == 0;
    }

    void clear() {
        prepared = 0;
        submitted = 0;
    }
}
