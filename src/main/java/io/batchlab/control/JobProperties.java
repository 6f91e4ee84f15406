package io.batchlab.control;

/** Names of the experiment job's parameters (see batch-jobs/experiment.xml and batch-jobs/README.md). */
public final class JobProperties {

    public static final String JOB_NAME = "experiment";
    /** The job that asks again only what a run's users are missing (batch-jobs/retry.xml). */
    public static final String RETRY_JOB_NAME = "retry";
    /** An existing run to continue. */
    public static final String RUN_ID = "runId";
    /** A config.yaml path: the first step creates a new run from it. */
    public static final String CONFIG = "config";
    /** Optional users.json or plain-text list of user ids for a new run. */
    public static final String USERS = "users";
    /**
     * Optional experiments root; else BATCHLAB_EXPERIMENTS, MP Config batchlab.experiments, ./experiments. Only the
     * Java SE launcher may set it ({@link JobParameterRules}).
     */
    public static final String EXPERIMENTS_ROOT = "experimentsRoot";
    /** Optional batch window for the run (see the job's {@code window-gate} step). */
    public static final String WINDOW = "window";
    /** Set by a window scheduler that starts the job because the window is open (by its own clock): no second look. */
    public static final String WINDOW_SCHEDULED = "windowScheduled";
    /** Optional cost cap of one execution in USD, instead of the config's provider.max_cost. */
    public static final String MAX_COST = "maxCost";
    /** Step that creates the run; its persistent user data is the run id. */
    public static final String CREATE_RUN_STEP = "create-run";

    private JobProperties() {
    }
}
