package io.batchlab.job;

import jakarta.batch.api.chunk.listener.AbstractChunkListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Shows the run's counts in status.json after every chunk (see {@link RunCounts}, which the writer moves), and puts
 * a failed chunk's reason into last_error.
 */
@Named
@Dependent
public class SubmitProgressListener extends AbstractChunkListener {

    @Inject
    JobContext jobContext;

    @Override
    public void afterChunk() throws Exception {
        RunCounts.publish(RunContexts.of(jobContext));
    }

    /** The chunk rolls back, its files stay and so do its counts; if retries run out, this is why. */
    @Override
    public void onError(Exception ex) {
        RunFailures.record(RunContexts.of(jobContext), "prepare-and-submit", ex);
    }
}
