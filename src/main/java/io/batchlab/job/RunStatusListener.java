package io.batchlab.job;

import io.batchlab.control.JobProperties;
import io.batchlab.control.RunLeaseException;
import io.batchlab.store.RunStatus.State;
import jakarta.batch.api.listener.AbstractJobListener;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.logging.Logger;

/**
 * Keeps status.json's state and job execution id current at the job's edges. A job started with {@code config}
 * has no run before its first step; that step marks the run RUNNING itself.
 */
@Named
@Dependent
public class RunStatusListener extends AbstractJobListener {

    private static final Logger LOG = Logger.getLogger(RunStatusListener.class.getName());

    @Inject
    JobContext jobContext;

    /** Set when beforeJob refused the execution: it must not even open the experiments root its parameters name. */
    private boolean refused;

    @Override
    public void beforeJob() throws Exception {
        try {
            JobParameterRules.check(BatchRuntime.getJobOperator().getParameters(jobContext.getExecutionId()));
        } catch (IllegalArgumentException refused) {
            throw refuse(refused.getMessage());
        }
        // A restart finds its run even without runId (JBeret's console restarts with the first start's parameters:
        // the run comes from create-run's persistent data). A first start with config= has no run yet.
        RunContext run;
        try {
            run = RunContexts.of(jobContext);
        } catch (RuntimeException unusable) {
            // No run yet, an unknown run or a broken config.yaml: create-run creates it or fails with the reason.
            LOG.fine(() -> "job execution " + jobContext.getExecutionId() + ": " + unusable.getMessage());
            return;
        }
        try {
            run.lease(jobContext.getExecutionId());
        } catch (RunLeaseException held) {
            throw refuse(held.getMessage());
        }
        // Every execution starts from the files, so even its first status.json shows the truth after a crash.
        run.recount();
        RunCounts counts = run.counts();
        run.usage(); // catches up from the files, if need be, outside status.json's lock
        run.updateStatus(status -> run.showUsage(counts.applyTo(status
                .withState(JobProperties.RETRY_JOB_NAME.equals(jobContext.getJobName()) ? State.RETRYING
                        : State.RUNNING)
                .withJobExecutionId(jobContext.getExecutionId()))));
    }

    /** Fails the execution before it does anything; the reason becomes its exit status, for every face to show. */
    private IllegalStateException refuse(String reason) {
        refused = true;
        jobContext.setExitStatus("FAILED: " + reason);
        LOG.warning(() -> "job execution " + jobContext.getExecutionId() + " refused: " + reason);
        return new IllegalStateException(reason);
    }

    @Override
    public void afterJob() throws Exception {
        if (refused) {
            RunContexts.forget(jobContext);
            return;
        }
        try {
            RunContext run;
            try {
                run = RunContexts.of(jobContext);
            } catch (RuntimeException noRun) {
                LOG.fine(() -> "job execution " + jobContext.getExecutionId() + " ended before its run existed");
                return;
            }
            if (!run.leased()) {
                // refused at its start: another execution works on the run and owns its status
                return;
            }
            if (WindowGateBatchlet.CLOSED.equals(jobContext.getExitStatus())) {
                // stopped before its window opened: the gate showed QUEUED or WAITING with the next window
                return;
            }
            // Submitting stopped at the cost cap: a stop the operator lifts by restarting with a higher cap.
            State state = run.costCapReached() != null ? State.STOPPED : finalState();
            // A completed run has no standing error, whatever earlier executions or retried chunks recorded.
            run.updateStatus(status -> state == State.COMPLETED
                    ? status.withState(state).withLastError(null) : status.withState(state));
        } finally {
            RunContexts.forget(jobContext);
        }
    }

    /** JBeret has already copied the batch status into the exit status here; other runtimes may not have. */
    private State finalState() {
        String exit = jobContext.getExitStatus();
        if (exit != null) {
            switch (exit) {
                case "COMPLETED", "FAILED", "STOPPED" -> {
                    return State.valueOf(exit);
                }
                case CollectResultsBatchlet.DEADLINE -> {
                    return State.STOPPED;
                }
                default -> { }
            }
        }
        BatchStatus batch = jobContext.getBatchStatus();
        if (batch == BatchStatus.STOPPING || batch == BatchStatus.STOPPED) {
            return State.STOPPED;
        }
        return batch == BatchStatus.COMPLETED ? State.COMPLETED : State.FAILED;
    }
}
