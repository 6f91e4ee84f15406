package io.batchlab.job;

import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.control.JobProperties;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.ExperimentsRoot;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatusStore;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;
import jakarta.batch.runtime.context.JobContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the run a job execution works on. A job started with {@code runId} names it; a job started with
 * {@code config} learns it from the create-run step, whose persistent user data is the run id — found through the
 * standard JobOperator, so a restart in another process (or on another server) finds it too.
 */
public final class RunContexts {

    private static final Map<Long, RunContext> BY_EXECUTION = new ConcurrentHashMap<>();

    private RunContexts() {
    }

    public static RunContext of(JobContext job) {
        return BY_EXECUTION.computeIfAbsent(job.getExecutionId(), id -> resolve(job));
    }

    /** Called by the create-run step once the run exists. */
    static RunContext created(JobContext job, RunContext context) {
        BY_EXECUTION.put(job.getExecutionId(), context);
        return context;
    }

    /** Called when an execution ends, so the cache holds only running executions. */
    static void forget(JobContext job) {
        RunContext context = BY_EXECUTION.remove(job.getExecutionId());
        if (context != null) {
            context.close();
        }
    }

    public static ExperimentStore store(Properties jobProperties) {
        Path root = ExperimentsRoot.resolve(jobProperties.getProperty(JobProperties.EXPERIMENTS_ROOT));
        try {
            return ExperimentStore.open(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the experiments root " + root + ": " + e.getMessage(), e);
        }
    }

    static RunContext open(ExperimentStore store, RunId runId) {
        if (!store.exists(runId)) {
            throw new IllegalArgumentException("run " + runId + " does not exist under " + store.root());
        }
        var config = ExperimentConfigLoader.loadRecorded(store.configFile(runId));
        var statuses = new RunStatusStore(store, Clock.systemDefaultZone(), config.experiment().timeZone());
        return new RunContext(runId, config, store, statuses);
    }

    private static RunContext resolve(JobContext job) {
        Properties properties = job.getProperties();
        ExperimentStore store = store(properties);
        String named = properties.getProperty(JobProperties.RUN_ID);
        RunId runId = named != null && !named.isBlank()
                ? RunId.parse(named.trim())
                : createdRun(job.getExecutionId()).orElseThrow(() -> new IllegalStateException(
                        "job execution " + job.getExecutionId() + " has no run: start it with runId=… or config=…"));
        return open(store, runId);
    }

    private static Optional<RunId> createdRun(long executionId) {
        JobOperator operator = BatchRuntime.getJobOperator();
        for (JobExecution execution : operator.getJobExecutions(operator.getJobInstance(executionId))) {
            for (StepExecution step : operator.getStepExecutions(execution.getExecutionId())) {
                if (JobProperties.CREATE_RUN_STEP.equals(step.getStepName())
                        && step.getPersistentUserData() instanceof String runId) {
                    return Optional.of(RunId.parse(runId));
                }
            }
        }
        return Optional.empty();
    }
}
