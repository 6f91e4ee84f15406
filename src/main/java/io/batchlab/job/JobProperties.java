package io.batchlab.job;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.util.Properties;

/** Names of the experiment job's parameters (see batch-jobs/experiment.xml and batch-jobs/README.md). */
public final class JobProperties {

    public static final String JOB_NAME = "experiment";
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
    /** Step that creates the run; its persistent user data is the run id. */
    public static final String CREATE_RUN_STEP = "create-run";

    private JobProperties() {
    }

    /** Start parameters that continue {@code run}; the experiments root is the deployment's own. */
    public static Properties forRun(RunId run) {
        Properties parameters = new Properties();
        parameters.setProperty(RUN_ID, run.toString());
        return parameters;
    }

    /** The same for the Java SE launcher, which names its experiments root (a server has its own, fixed one). */
    public static Properties forRun(RunId run, ExperimentStore store) {
        Properties parameters = forRun(run);
        parameters.setProperty(EXPERIMENTS_ROOT, store.root().toAbsolutePath().toString());
        return parameters;
    }
}
