package io.batchlab.job;

import io.batchlab.results.ResultStatus;
import io.batchlab.results.UserResults;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Counts a run's users from the files themselves. The per-chunk counts are incremental and can drift after a crash
 * or a rolled-back chunk; a step end recounts from the tree, which is the truth.
 */
record RunTally(long total, long prepared, long submitted, long completed, long failed, long skipped,
                long withResults) {

    static RunTally scan(ExperimentStore store, RunId run) throws IOException {
        long total = 0;
        long prepared = 0;
        long submitted = 0;
        long completed = 0;
        long failed = 0;
        long skipped = 0;
        long withResults = 0;
        try (UsersFile.Cursor users = UsersFile.open(store.usersFile(run))) {
            while (users.hasNext()) {
                UserId user = users.next();
                total++;
                if (Files.exists(store.batchFile(user, run))) {
                    prepared++;
                }
                if (Files.exists(store.uploadFile(user, run))) {
                    submitted++;
                }
                Optional<ResultStatus> result = UserResults.status(store.resultsFile(user, run));
                if (result.isPresent()) {
                    withResults++;
                    switch (result.get()) {
                        case COMPLETE -> completed++;
                        case PARTIAL, FAILED -> failed++;
                        case SKIPPED -> skipped++;
                    }
                }
            }
        }
        return new RunTally(total, prepared, submitted, completed, failed, skipped, withResults);
    }

    /** The seed's steps follow from the files: every user prepared / submitted (or skipped) / with results. */
    RunStatus applyTo(RunStatus status) {
        return status
                .withCounts(status.counts()
                        .withTotal(total).withPrepared(prepared).withSubmitted(submitted)
                        .withCompleted(completed).withFailed(failed).withSkipped(skipped))
                .withStep(RunStatus.Step.BATCHES_CREATED, total > 0 && prepared + skipped >= total)
                .withStep(RunStatus.Step.UPLOADS_COMPLETED, total > 0 && submitted + skipped >= total)
                .withStep(RunStatus.Step.RESULTS_RECEIVED, total > 0 && withResults >= total);
    }
}
