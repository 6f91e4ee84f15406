package io.batchlab.job;

import io.batchlab.config.PackConfig;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractCheckpointAlgorithm;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * When prepare-and-submit's chunk ends. In a packed run ({@code provider.pack}) the chunk is the pack: it ends at
 * the first user that fills the pack ({@link PackConfig#full}) or brings it to the provider's line or byte limit, so
 * each checkpoint commits one pack (the writer splits a chunk that went past a limit, see {@link PackSubmitter}).
 * Without packing it ends after {@code chunkSize} users or {@code chunkSeconds} of reading, whichever comes first —
 * what {@code item-count} and {@code time-limit} did before.
 */
@Named
@Dependent
public class PackCheckpointAlgorithm extends AbstractCheckpointAlgorithm {

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    /** Users per chunk without packing; default 10. */
    @Inject
    @BatchProperty
    String chunkSize;

    /** Seconds of reading per chunk without packing; default 1. */
    @Inject
    @BatchProperty
    String chunkSeconds;

    private long startedNanos;

    @Override
    public void beginCheckpoint() {
        PackTally.of(stepContext).reset();
        startedNanos = System.nanoTime();
    }

    @Override
    public boolean isReadyToCheckpoint() {
        PackTally tally = PackTally.of(stepContext);
        PackConfig pack = RunContexts.of(jobContext).config().provider().pack();
        if (pack.packed()) {
            return pack.full(tally.users(), tally.requests())
                    || tally.requests() >= BatchFileLimits.PROVIDER.maxLines()
                    || tally.bytes() >= BatchFileLimits.PROVIDER.maxBytes();
        }
        long seconds = UsersReader.parse(chunkSeconds, 1);
        return tally.usersRead() >= UsersReader.parse(chunkSize, 10)
                || seconds > 0 && System.nanoTime() - startedNanos >= seconds * 1_000_000_000L;
    }
}
