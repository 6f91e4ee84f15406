package io.batchlab.control;

import io.batchlab.store.RunId;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Runs the experiment job through {@link RunJobs}, remembering each run's latest execution. Only the
 * Jakarta Batch API is used, so the same controller serves Java SE (JBeret SE) and WildFly.
 */
public final class JobOperatorRunController implements RunController {

    private static final Logger LOG = Logger.getLogger(JobOperatorRunController.class.getName());

    private final RunJobs jobs;
    private final JobOperator operator;
    private final Properties extra;
    private final Map<RunId, Long> latestExecutions = new ConcurrentHashMap<>();

    /** @param extra job parameters besides the run's own, e.g. chunkSize */
    public JobOperatorRunController(RunJobs jobs, Properties extra) {
        this.jobs = jobs;
        this.operator = jobs.operator();
        this.extra = new Properties();
        this.extra.putAll(extra);
        // the window scheduler starts the job only when the window is open by its clock: the job need not look again
        this.extra.setProperty(JobProperties.WINDOW_SCHEDULED, "true");
    }

    @Override
    public JobState state(RunId run) {
        Long execution = latestExecution(run);
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
        latestExecutions.put(run, jobs.start(run, extra));
    }

    @Override
    public void restart(RunId run) {
        latestExecutions.put(run, jobs.resume(run, extra));
    }

    @Override
    public void stop(RunId run) {
        try {
            operator.stop(latest(run));
        } catch (JobExecutionNotRunningException endedMeanwhile) {
            LOG.fine(() -> "run " + run + " ended before it could be stopped");
        }
    }

    /**
     * The latest job execution of the run: the one this controller started, else the job repository's (a run taken
     * up again after a restart of this process); null when it never ran here.
     */
    public Long latestExecution(RunId run) {
        Long started = latestExecutions.get(run);
        return started != null ? started : jobs.latest(run).map(JobExecution::getExecutionId).orElse(null);
    }

    private long latest(RunId run) {
        Long execution = latestExecution(run);
        if (execution == null) {
            throw new IllegalStateException("run " + run + " has no job execution yet");
        }
        return execution;
    }
}
