package io.batchlab.control;

import io.batchlab.job.JobProperties;
import io.batchlab.store.RunId;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Runs the experiment job through the standard {@link JobOperator}, remembering each run's latest execution. Only the
 * Jakarta Batch API is used, so the same controller serves Java SE (JBeret SE) and WildFly.
 */
public final class JobOperatorRunController implements RunController {

    private static final Logger LOG = Logger.getLogger(JobOperatorRunController.class.getName());

    private final JobOperator operator;
    private final Function<RunId, Properties> parameters;
    private final Map<RunId, Long> latestExecutions = new ConcurrentHashMap<>();

    /** @param parameters the job parameters for a run (at least {@link JobProperties#RUN_ID}) */
    public JobOperatorRunController(JobOperator operator, Function<RunId, Properties> parameters) {
        this.operator = operator;
        this.parameters = parameters;
    }

    @Override
    public JobState state(RunId run) {
        Long execution = latestExecutions.get(run);
        if (execution == null) {
            return JobState.NOT_STARTED;
        }
        BatchStatus status = operator.getJobExecution(execution).getBatchStatus();
        return switch (status) {
            case STARTING, STARTED -> JobState.RUNNING;
            case STOPPING -> JobState.STOPPING;
            case STOPPED -> JobState.STOPPED;
            case COMPLETED -> JobState.COMPLETED;
            case FAILED, ABANDONED -> JobState.FAILED;
        };
    }

    @Override
    public void start(RunId run) {
        latestExecutions.put(run, operator.start(JobProperties.JOB_NAME, parameters.apply(run)));
    }

    @Override
    public void restart(RunId run) {
        latestExecutions.put(run, operator.restart(latest(run), parameters.apply(run)));
    }

    @Override
    public void stop(RunId run) {
        try {
            operator.stop(latest(run));
        } catch (JobExecutionNotRunningException endedMeanwhile) {
            LOG.fine(() -> "run " + run + " ended before it could be stopped");
        }
    }

    /** The latest job execution of the run, once started. */
    public Long latestExecution(RunId run) {
        return latestExecutions.get(run);
    }

    private long latest(RunId run) {
        Long execution = latestExecutions.get(run);
        if (execution == null) {
            throw new IllegalStateException("run " + run + " has no job execution yet");
        }
        return execution;
    }
}
