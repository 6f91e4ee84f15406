package io.batchlab.job;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;
import java.util.Optional;

/**
 * What the job repository knows about prepare-and-submit that the in-memory {@link Submissions} cannot: whether an
 * earlier execution completed it (a restart then skips the step, so nobody in this execution reports its end), and
 * whether it ended in this execution without reaching its reducer (say, its mapper failed).
 */
final class PrepareStepHistory {

    static final String STEP = "prepare-and-submit";

    private PrepareStepHistory() {
    }

    /** Whether an earlier execution of this job instance completed the step. */
    static boolean completedEarlier(long executionId) {
        JobOperator operator = BatchRuntime.getJobOperator();
        for (JobExecution execution : operator.getJobExecutions(operator.getJobInstance(executionId))) {
            if (execution.getExecutionId() != executionId
                    && status(operator, execution.getExecutionId()).orElse(null) == BatchStatus.COMPLETED) {
                return true;
            }
        }
        return false;
    }

    /** How the step ended in this execution, once the job repository shows it ended. */
    static Optional<Submissions.Ending> endedIn(long executionId) {
        return status(BatchRuntime.getJobOperator(), executionId).flatMap(status -> switch (status) {
            case COMPLETED -> Optional.of(Submissions.Ending.COMPLETED);
            case FAILED, STOPPED, ABANDONED -> Optional.of(Submissions.Ending.INTERRUPTED);
            case STARTING, STARTED, STOPPING -> Optional.empty();
        });
    }

    private static Optional<BatchStatus> status(JobOperator operator, long executionId) {
        return operator.getStepExecutions(executionId).stream()
                .filter(step -> STEP.equals(step.getStepName()))
                .map(StepExecution::getBatchStatus)
                .findFirst();
    }
}
