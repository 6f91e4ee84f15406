package io.batchlab.control;

import io.batchlab.store.RunId;
import jakarta.batch.runtime.JobExecution;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * How an operator's action on a run is carried out, for the runs API: on the server's own job operator
 * ({@link JobOperatorRunActions}), or in Java SE by the batchlab processes that work on runs ({@link ProcessRunActions},
 * for {@code batchlab serve}). Either way the rules are {@link RunJobs}'s and the lease's, refusals are
 * {@link RunStateException}s.
 */
public interface RunActions {

    /** The run's job executions as far as this runtime can see them, oldest first. */
    List<JobExecution> executions(RunId run);

    /** Asks whatever works on the run to stop it at its next checkpoint or poll. */
    void stop(RunId run);

    /**
     * Continues the run from its checkpoints.
     *
     * @param parameters this execution's own job parameters, e.g. maxCost
     * @return the job execution, when it runs in this process
     */
    OptionalLong restart(RunId run, Properties parameters);

    /** Asks again only what the run's users are missing; nothing missing: nothing starts. */
    RetryStart retry(RunId run);
}
