package io.batchlab.control;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * The actions of {@code batchlab serve}, carried out as the CLI carries them out: in Java SE the process that works on a
 * run holds its lease and its own job repository (JBeret SE fixes one per process), so the serving process runs no
 * job. Stop leaves a {@link StopRequests stop request} for that process ({@code batchlab stop}); restart and retry
 * start a {@code batchlab restart | retry RUN_ID} process of their own (which logs to the run's log, as every command
 * does; its terminal output goes to {@code .batchlab/logs/RUN_ID-COMMAND-TIME.log}), once the checks that need no job repository pass here — the process checks everything
 * again by {@link RunJobs}'s rules when it takes the run's lease.
 */
public final class ProcessRunActions implements RunActions {

    /** Starts {@code batchlab ARGUMENTS} in a process that outlives this one, its output in {@code log}. */
    @FunctionalInterface
    public interface Launcher {
        Process start(List<String> arguments, Path log) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(ProcessRunActions.class.getName());
    /** How long a started process may take to hold the run's lease before the action is answered anyway. */
    private static final Duration TAKE_OVER = Duration.ofSeconds(60);
    private static final Duration PROBE = Duration.ofMillis(100);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ExperimentStore store;
    private final Launcher launcher;

    public ProcessRunActions(ExperimentStore store, Launcher launcher) {
        this.store = store;
        this.launcher = launcher;
    }

    /** None: the run's job repository belongs to the process that works on it. */
    @Override
    public List<JobExecution> executions(RunId run) {
        return List.of();
    }

    @Override
    public void stop(RunId run) {
        try {
            StopRequests.ask(store, run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask run " + run + " to stop", e);
        }
        LOG.info(() -> "stop requested for run " + run);
    }

    /** Only {@code maxCost} of {@code parameters} is passed on, as {@code --max-cost}. */
    @Override
    public OptionalLong restart(RunId run, Properties parameters) {
        refuseWhileWorkedOn(run, RunStateException::alreadyRunning);
        if (status(run).state() == RunStatus.State.COMPLETED) {
            throw RunStateException.complete(run, "its status.json says COMPLETED");
        }
        List<String> arguments = new ArrayList<>(List.of("restart", run.toString()));
        Optional.ofNullable(parameters.getProperty(JobProperties.MAX_COST))
                .ifPresent(cap -> arguments.addAll(List.of("--max-cost", cap)));
        launch(run, arguments);
        return OptionalLong.empty();
    }

    @Override
    public RetryStart retry(RunId run) {
        refuseWhileWorkedOn(run, RunStateException::runningNoRetry);
        RetryPlan plan;
        try {
            plan = RetryPlan.checked(store, run, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read what run " + run + " is missing: " + e.getMessage(), e);
        }
        if (!plan.nothingMissing()) {
            launch(run, List.of("retry", run.toString()));
        }
        return new RetryStart(plan, OptionalLong.empty());
    }

    private void refuseWhileWorkedOn(RunId run, BiFunction<RunId, String, RunStateException> refusal) {
        try {
            if (RunLease.isHeld(store, run)) {
                throw refusal.apply(run, RunLease.holder(store, run) + " works on it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe the lease of run " + run, e);
        }
    }

    /**
     * Starts the process and waits until it holds the run's lease (its holder file names it), so that the answer
     * means the run is taken care of; a process that ends first without success is a refusal naming its log.
     */
    private void launch(RunId run, List<String> arguments) {
        Process process;
        Path log;
        try {
            log = Files.createDirectories(store.workDir().resolve("logs"))
                    .resolve(run + "-" + arguments.get(0) + "-" + LocalDateTime.now().format(LOG_TIME) + ".log");
            process = launcher.start(arguments, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start batchlab " + String.join(" ", arguments), e);
        }
        String holder = "process " + process.pid() + " ";
        Instant giveUp = Instant.now().plus(TAKE_OVER);
        try {
            while (!RunLease.holder(store, run).startsWith(holder) && Instant.now().isBefore(giveUp)) {
                if (!process.isAlive()) {
                    if (process.exitValue() != 0) {
                        throw new RunStateException(RunStateException.Reason.REFUSED, "batchlab "
                                + String.join(" ", arguments) + " ended at once (exit " + process.exitValue()
                                + "): see " + log);
                    }
                    break;
                }
                Thread.sleep(PROBE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info(() -> "batchlab " + String.join(" ", arguments) + " works in process " + process.pid() + ", log "
                + log);
    }

    private RunStatus status(RunId run) {
        try {
            return RunStatusStore.read(store, run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of run " + run, e);
        }
    }
}
