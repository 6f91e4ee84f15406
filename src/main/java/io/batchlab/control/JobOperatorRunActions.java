package io.batchlab.control;

import io.batchlab.store.RunId;
import jakarta.batch.runtime.JobExecution;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.logging.Logger;

/** The server's actions: its own job operator runs the job, by {@link RunJobs}'s rules. */
public final class JobOperatorRunActions implements RunActions {

    private static final Logger LOG = Logger.getLogger(JobOperatorRunActions.class.getName());

    private final RunJobs jobs;

    public JobOperatorRunActions(RunJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public List<JobExecution> executions(RunId run) {
        return jobs.executions(run);
    }

    @Override
    public void stop(RunId run) {
        JobExecution stopping = jobs.stop(run);
        LOG.info(() -> "stopping run " + run + " (job execution " + stopping.getExecutionId() + ")");
    }

    @Override
    public OptionalLong restart(RunId run, Properties parameters) {
        return OptionalLong.of(jobs.resume(run, parameters));
    }

    @Override
    public RetryStart retry(RunId run) {
        return jobs.retry(run, Optional.empty(), new Properties());
    }
}
