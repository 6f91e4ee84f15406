package io.batchlab.job;

import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Adds what each committed chunk prepared and submitted to status.json, so the counts move at least once a chunk,
 * and puts a failed chunk's reason into last_error.
 */
@Named
@Dependent
public class SubmitProgressListener extends AbstractChunkListener {

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    @Override
    public void afterChunk() throws Exception {
        ChunkTally tally = ChunkTally.of(stepContext);
        if (tally.isEmpty()) {
            return;
        }
        long prepared = tally.prepared;
        long submitted = tally.submitted;
        tally.clear();
        RunContext run = RunContexts.of(jobContext);
        run.statuses().update(run.runId(), status -> status.withCounts(status.counts()
                .withPrepared(status.counts().prepared() + prepared)
                .withSubmitted(status.counts().submitted() + submitted)));
    }

    /** The chunk rolls back (the step-end reconciliation recounts from the files); if retries run out, this is why. */
    @Override
    public void onError(Exception ex) {
        ChunkTally.of(stepContext).clear();
        RunFailures.record(RunContexts.of(jobContext), "prepare-and-submit", ex);
    }
}
