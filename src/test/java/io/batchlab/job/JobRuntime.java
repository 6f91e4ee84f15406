package io.batchlab.job;

import static org.awaitility.Awaitility.await;

import io.batchlab.control.JobProperties;
import io.batchlab.launcher.EmbeddedBatch;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

/**
 * The test JVM's one JBeret SE runtime. Its H2 job repository lives in {@code target/test-job-repository}, which
 * outlives the temporary experiments roots of the tests (the first directory used fixes it for the JVM).
 */
final class JobRuntime {

    static final Path REPOSITORY = Path.of("target", "test-job-repository").toAbsolutePath();
    /** Generous for a loaded 2-core machine; a healthy job here ends in a few seconds. */
    static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Duration LISTENERS_DEADLINE = Duration.ofSeconds(30);
    private static final Set<BatchStatus> TERMINAL =
            EnumSet.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED, BatchStatus.ABANDONED);

    private JobRuntime() {
    }

    static JobOperator operator() {
        return EmbeddedBatch.operator(REPOSITORY);
    }

    static long start(Properties parameters) {
        return operator().start(JobProperties.JOB_NAME, parameters);
    }

    static long restart(long executionId, Properties parameters) {
        return operator().restart(executionId, parameters);
    }

    /**
     * Waits until the execution has ended, however it ended, and its job listeners have run (JBeret shows the
     * terminal status before {@code afterJob}), and returns it.
     */
    static JobExecution awaitEnd(long executionId) {
        JobOperator operator = operator();
        await("job execution " + executionId + " to end")
                .atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> TERMINAL.contains(operator.getJobExecution(executionId).getBatchStatus()));
        try {
            EmbeddedBatch.awaitTermination(operator, executionId, LISTENERS_DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while job execution " + executionId + " ended", e);
        }
        return operator.getJobExecution(executionId);
    }

    static JobExecution runToEnd(Properties parameters) {
        return awaitEnd(start(parameters));
    }

    static StepExecution step(long executionId, String stepName) {
        return operator().getStepExecutions(executionId).stream()
                .filter(step -> step.getStepName().equals(stepName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("execution " + executionId + " has no step " + stepName));
    }
}
