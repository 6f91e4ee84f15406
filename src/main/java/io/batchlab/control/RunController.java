package io.batchlab.control;

import io.batchlab.store.RunId;

/**
 * What the {@link WindowScheduler} needs of a batch runtime for one run's job. Implementations exist for the standard
 * {@code JobOperator} ({@link JobOperatorRunController}, used in Java SE and WildFly alike) and in tests.
 */
public interface RunController {

    /** The state of the run's latest job execution, as far as windows care. */
    enum JobState { NOT_STARTED, RUNNING, STOPPING, STOPPED, COMPLETED, FAILED }

    JobState state(RunId run);

    /** Starts the run's first job execution. */
    void start(RunId run);

    /** Restarts the run's stopped job execution from its checkpoints. */
    void restart(RunId run);

    /** Asks the running job execution to stop at its next checkpoint. */
    void stop(RunId run);
}
