package io.batchlab.bench;

import io.batchlab.control.RunJobs;
import io.batchlab.launcher.EmbeddedBatch;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/** Runs the production {@code experiment} job for an existing run in this JVM, as the CLI does, and times its steps. */
final class BenchJob {

    static final String CHECK_STEP = "check-provider";
    static final String PREPARE_STEP = "prepare-and-submit";
    private static final Duration TICK = Duration.ofMillis(20);

    private BenchJob() {
    }

    /** Starts the job with {@code parameters} (runId and experimentsRoot are added) and waits until it ends. */
    static Execution run(ExperimentStore store, RunId run, Map<String, String> parameters) throws InterruptedException {
        return run(store, run, parameters, () -> { });
    }

    /** The same, calling {@code whenPrepared} as soon as the prepare-and-submit step has ended. */
    static Execution run(ExperimentStore store, RunId run, Map<String, String> parameters, Runnable whenPrepared)
            throws InterruptedException {
        JobOperator operator = EmbeddedBatch.operator(store.workDir().resolve("job-repository").resolve("bench"));
        Properties extra = new Properties();
        extra.putAll(parameters);
        long id = RunJobs.embedded(operator, store).start(run, extra);
        boolean prepared = false;
        while (!RunJobs.isDone(operator.getJobExecution(id).getBatchStatus())) {
            if (!prepared && prepareEnded(operator, id)) {
                prepared = true;
                whenPrepared.run();
            }
            Thread.sleep(TICK.toMillis()); // waiting for a job in another thread, not synchronising a test
        }
        Instant ended = Instant.now();
        JobExecution execution = operator.getJobExecution(id);
        if (execution.getBatchStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("job execution " + id + " of run " + run + " ended "
                    + execution.getBatchStatus() + " (" + execution.getExitStatus() + "); see the log above");
        }
        return new Execution(operator, id, ended);
    }

    private static boolean prepareEnded(JobOperator operator, long id) {
        return operator.getStepExecutions(id).stream()
                .anyMatch(step -> step.getStepName().equals(PREPARE_STEP) && RunJobs.isDone(step.getBatchStatus()));
    }

    /** A finished job execution: when each step started and ended, as the job repository recorded it. */
    record Execution(JobOperator operator, long id, Instant observedEnd) {

        StepExecution step(String name) {
            return operator.getStepExecutions(id).stream().filter(s -> s.getStepName().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("job execution " + id + " has no step " + name));
        }

        Instant stepEnd(String name) {
            return step(name).getEndTime().toInstant();
        }

        /**
         * prepare-and-submit, from the end of the step before it (JBeret records a partitioned step's start before
         * its mapper runs; its end once the partitions and the reducer are done).
         */
        Duration prepareStep() {
            return Duration.between(stepEnd(CHECK_STEP), stepEnd(PREPARE_STEP));
        }
    }
}
