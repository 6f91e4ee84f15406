package io.batchlab.cli;

import io.batchlab.control.JobOperatorRunController;
import io.batchlab.control.RetryPlan;
import io.batchlab.control.RetryStart;
import io.batchlab.control.RunController;
import io.batchlab.control.RunJobs;
import io.batchlab.control.RunLease;
import io.batchlab.control.RunStateException;
import io.batchlab.control.StopRequests;
import io.batchlab.control.WindowScheduler.Decision;
import io.batchlab.control.WindowScheduler;
import io.batchlab.input.InputException;
import io.batchlab.launcher.EmbeddedBatch;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UsersFileException;
import io.batchlab.window.BatchWindow;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Runs the experiment job for one run in this process and stays with it: holds the run's process lease, starts or
 * continues the job by {@link RunJobs}'s rules (at once, or inside a batch window by the {@link WindowScheduler}),
 * honours {@link StopRequests} from other processes ({@code batchlab stop}), shows progress and returns the final
 * batch status.
 */
final class RunSupervisor {

    private static final Duration TICK = Duration.ofMillis(250);
    /** How long the job listeners may take after the batch status turned terminal. */
    private static final Duration LISTENERS_GRACE = Duration.ofSeconds(30);

    private final ExperimentStore store;
    private final PrintStream out;
    private final Clock clock;

    RunSupervisor(ExperimentStore store, PrintStream out) {
        this(store, out, Clock.systemDefaultZone());
    }

    /** @param clock decides when windows open and close */
    RunSupervisor(ExperimentStore store, PrintStream out, Clock clock) {
        this.store = store;
        this.out = out;
        this.clock = clock;
    }

    /** Starts a fresh execution of the job for an existing run and waits for it. */
    BatchStatus start(RunId run, Properties extra) throws IOException, InterruptedException {
        try (RunLease lease = lease(run)) {
            JobOperator operator = EmbeddedBatch.operator(store, run);
            return follow(operator, run, RunJobs.embedded(operator, store).start(run, extra));
        }
    }

    /**
     * Continues a run: restarts its last job execution (a crashed one too — the lock proves no process runs it),
     * or starts a new execution when the job repository does not know the run (the job is idempotent).
     */
    BatchStatus restart(RunId run, Properties extra) throws IOException, InterruptedException {
        try (RunLease lease = lease(run)) {
            JobOperator operator = EmbeddedBatch.operator(store, run);
            long execution;
            try {
                execution = RunJobs.embedded(operator, store).resume(run, extra);
            } catch (RunStateException e) {
                throw new CliException(e.getMessage(), e.reason() == RunStateException.Reason.COMPLETE ? 0 : 1);
            }
            return follow(operator, run, execution);
        }
    }

    /**
     * Asks again only what the run's users are missing ({@link RunJobs#retry}) and waits for the retry job; says so
     * and returns empty when nothing is missing.
     */
    Optional<BatchStatus> retry(RunId run, Optional<Path> usersFile, Properties extra)
            throws IOException, InterruptedException {
        try (RunLease lease = lease(run)) {
            JobOperator operator = EmbeddedBatch.operator(store, run);
            RetryStart retry;
            try {
                retry = RunJobs.embedded(operator, store).retry(run, usersFile, extra);
            } catch (RunStateException | IllegalArgumentException | InputException | UsersFileException e) {
                throw new CliException(e.getMessage());
            }
            RetryPlan plan = retry.plan();
            if (retry.execution().isEmpty()) {
                out.println("run " + run + ": nothing is missing" + (plan.selection().isPresent()
                        ? " for the " + plan.selection().get().size() + " users of " + usersFile.get() : "")
                        + ": every user is complete or skipped; nothing was submitted");
                return Optional.empty();
            }
            out.println("run " + run + ": asking again " + plan.requests() + " unanswered requests of "
                    + plan.users() + " users" + (plan.inFlight() > 0 ? ", and collecting " + plan.inFlight()
                    + " earlier attempts" : ""));
            return Optional.of(follow(operator, run, retry.execution().getAsLong()));
        }
    }

    /**
     * Works on a run only while its window is open, and stays alive between windows: starts the job at the first
     * opening, stops it (JobOperator.stop: at the next chunk or poll) when the window closes, restarts it from its
     * checkpoints at the next opening. Returns when the job completes or fails, or when a stop is requested.
     */
    BatchStatus startInWindow(RunId run, BatchWindow window, Properties extra) throws IOException,
            InterruptedException {
        try (RunLease lease = lease(run)) {
            JobOperator operator = EmbeddedBatch.operator(store, run);
            var controller = new JobOperatorRunController(RunJobs.embedded(operator, store), extra);
            WindowScheduler scheduler = new WindowScheduler(clock, controller, store, TICK);
            StopRequests.clear(store, run);
            scheduler.queue(run, window);
            out.println("run " + run + " works only inside the window " + window);
            try (Progress progress = Progress.create(out, run)) {
                Decision previous = null;
                while (true) {
                    Decision decision = scheduler.tick().get(run);
                    if (decision != previous) {
                        announce(run, decision, RunStatusStore.read(store, run).nextWindow());
                        previous = decision;
                    }
                    if (decision == Decision.DONE) {
                        Long execution = controller.latestExecution(run);
                        if (execution == null) {
                            return BatchStatus.FAILED;
                        }
                        EmbeddedBatch.awaitTermination(operator, execution, LISTENERS_GRACE);
                        progress.show(RunStatusStore.read(store, run));
                        return operator.getJobExecution(execution).getBatchStatus();
                    }
                    if (StopRequests.isRequested(store, run)) {
                        out.println("stop requested: run " + run + " leaves its window schedule");
                        scheduler.withdraw(run);
                        if (controller.state(run) == RunController.JobState.RUNNING) {
                            controller.stop(run);
                        }
                        Long execution = controller.latestExecution(run);
                        return execution == null ? BatchStatus.STOPPED : follow(operator, run, execution);
                    }
                    progress.show(RunStatusStore.read(store, run));
                    Thread.sleep(TICK.toMillis());
                }
            }
        }
    }

    /** The run's process lease; from here on the process logs to the run's log file. */
    private RunLease lease(RunId run) throws IOException {
        CliLogging.toRunLog(store, run);
        return RunLease.forProcess(store, run);
    }

    private void announce(RunId run, Decision decision, String nextWindow) {
        switch (decision) {
            case QUEUED -> out.println("run " + run + " is queued for its next window " + nextWindow);
            case STARTED -> out.println("the window is open: run " + run + " starts");
            case STOPPING -> out.println("the window closed: run " + run + " stops at its next checkpoint");
            case WAITING -> out.println("run " + run + " waits for its next window " + nextWindow);
            case RESTARTED -> out.println("the window is open: run " + run + " resumes from its checkpoints");
            case RUNNING, DONE -> { }
        }
    }

    private BatchStatus follow(JobOperator operator, RunId run, long execution) throws InterruptedException,
            IOException {
        StopRequests.clear(store, run);
        try (Progress progress = Progress.create(out, run)) {
            boolean stopSent = false;
            while (true) {
                BatchStatus status = operator.getJobExecution(execution).getBatchStatus();
                if (Files.exists(store.statusFile(run))) {
                    progress.show(RunStatusStore.read(store, run));
                }
                if (RunJobs.isDone(status)) {
                    EmbeddedBatch.awaitTermination(operator, execution, LISTENERS_GRACE);
                    if (Files.exists(store.statusFile(run))) {
                        progress.show(RunStatusStore.read(store, run));
                    }
                    return operator.getJobExecution(execution).getBatchStatus();
                }
                if (!stopSent && StopRequests.isRequested(store, run)) {
                    out.println("stop requested: stopping run " + run + " at the next checkpoint");
                    operator.stop(execution);
                    StopRequests.clear(store, run);
                    stopSent = true;
                }
                Thread.sleep(TICK.toMillis());
            }
        }
    }
}
