package io.batchlab.control;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatusStore;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;

/**
 * The experiment job of each run on one JobOperator, by the same rules on every face (CLI, runs API, window
 * scheduler, bench): the job parameters for a run, the run's executions, and starting, continuing and stopping it.
 * The job takes the run's lease itself, so these rules decide what to ask for; the lease decides who may work.
 */
public final class RunJobs {

    private static final Set<BatchStatus> RUNNING = Set.of(BatchStatus.STARTING, BatchStatus.STARTED,
            BatchStatus.STOPPING);
    /**
     * JBeret's restart mode: {@code force} marks an execution left STARTED by a dead process FAILED and continues it;
     * {@code strict} refuses to restart any execution that is not STOPPED or FAILED. A server always restarts in
     * {@code strict} mode: JBeret's default ({@code detect}) guesses from this JVM's memory whether an execution
     * still runs, and an execution that works on another node sharing the repository looks dead from here.
     */
    private static final String RESTART_MODE = "jberet.restart.mode";

    private final JobOperator operator;
    private final ExperimentStore store;
    private final boolean embedded;

    private RunJobs(JobOperator operator, ExperimentStore store, boolean embedded) {
        this.operator = operator;
        this.store = store;
        this.embedded = embedded;
    }

    /** A job operator in this JVM (Java SE): the job is told the experiments root. */
    public static RunJobs embedded(JobOperator operator, ExperimentStore store) {
        return new RunJobs(operator, store, true);
    }

    /** The server's job operator: the job uses the server's own experiments root and may not be told another. */
    public static RunJobs deployed(JobOperator operator, ExperimentStore store) {
        return new RunJobs(operator, store, false);
    }

    public JobOperator operator() {
        return operator;
    }

    /** The start parameters for the run, with {@code extra} (documented job parameters such as chunkSize). */
    public Properties parameters(RunId run, Properties extra) {
        Properties parameters = new Properties();
        parameters.putAll(extra);
        parameters.setProperty(JobProperties.RUN_ID, run.toString());
        if (embedded) {
            parameters.setProperty(JobProperties.EXPERIMENTS_ROOT, store.root().toAbsolutePath().toString());
        }
        return parameters;
    }

    /**
     * The executions of the run's job instance, oldest first, found through status.json's {@code job_execution_id};
     * none when this job repository does not know it (a fresh machine, or the run was made on another server).
     */
    public List<JobExecution> executions(RunId run) {
        Long recorded;
        try {
            recorded = RunStatusStore.read(store, run).jobExecutionId();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of run " + run, e);
        }
        if (recorded == null) {
            return List.of();
        }
        try {
            List<JobExecution> executions = new ArrayList<>(
                    operator.getJobExecutions(operator.getJobInstance(recorded)));
            executions.sort(Comparator.comparingLong(JobExecution::getExecutionId));
            return executions;
        } catch (NoSuchJobExecutionException unknownHere) {
            return List.of();
        }
    }

    public Optional<JobExecution> latest(RunId run) {
        List<JobExecution> executions = executions(run);
        return executions.isEmpty() ? Optional.empty() : Optional.of(executions.get(executions.size() - 1));
    }

    /** Starts a fresh execution of the job for an existing run; its execution id. */
    public long start(RunId run, Properties extra) {
        return operator.start(JobProperties.JOB_NAME, parameters(run, extra));
    }

    /**
     * Continues the run from its checkpoints: restarts its latest execution, or starts a fresh one when this
     * repository does not know the run or its last execution was abandoned (the job submits nobody twice either way).
     * In this JVM's own repository an execution a crashed process left STARTED, which no execution holds any more, is
     * restarted too; a server's running execution is never second-guessed (abandon it to start afresh).
     *
     * @throws RunStateException when an execution works on the run, or the run is complete
     */
    public long resume(RunId run, Properties extra) {
        Optional<JobExecution> latest = latest(run);
        if (latest.isEmpty() || latest.get().getBatchStatus() == BatchStatus.ABANDONED) {
            return start(run, extra);
        }
        JobExecution last = latest.get();
        if (last.getBatchStatus() == BatchStatus.COMPLETED) {
            throw RunStateException.complete(run, "job execution " + last.getExecutionId() + " COMPLETED");
        }
        Properties parameters = parameters(run, extra);
        // JBeret keeps the last execution's parameters: a restart no window scheduler asked for (runs API, CLI, JMX)
        // must not inherit a scheduler's "inside the window" and work while the run's window is closed
        parameters.putIfAbsent(JobProperties.WINDOW_SCHEDULED, "false");
        if (RUNNING.contains(last.getBatchStatus())) {
            if (!embedded || isWorkedOn(run)) {
                throw RunStateException.alreadyRunning(run, "job execution " + last.getExecutionId() + " is "
                        + last.getBatchStatus());
            }
            parameters.setProperty(RESTART_MODE, "force");
        } else if (!embedded) {
            parameters.setProperty(RESTART_MODE, "strict");
        }
        return operator.restart(last.getExecutionId(), parameters);
    }

    /**
     * Continues a run whose execution died with its node: JBeret marks the execution FAILED in the repository (restart
     * mode {@code force}) and continues the run from its checkpoints in a new execution on this JVM. Only for the
     * holder of the run's lease, taken over after the dead node's lease expired ({@link RunFailover}). The job looks
     * at the run's window again (JBeret keeps the dead execution's parameters, which a window scheduler's start marks
     * as inside the window): a window that closed meanwhile stops it at its gate, waiting for the next opening.
     *
     * @return the new execution
     */
    long takeOver(RunId run, JobExecution dead, Properties extra) {
        Properties parameters = parameters(run, extra);
        parameters.setProperty(RESTART_MODE, "force");
        parameters.setProperty(JobProperties.WINDOW_SCHEDULED, "false");
        return operator.restart(dead.getExecutionId(), parameters);
    }

    /**
     * Asks again only what the run's users are missing: starts the {@value JobProperties#RETRY_JOB_NAME} job for the
     * unanswered requests of its partial and failed users (of {@code usersFile} only, when given) and for retry
     * attempts still in flight. Nothing missing: nothing starts, and the plan says so.
     *
     * @param usersFile a users.json or one id per line; every id must be a user of the run
     * @throws RunStateException when an execution works on the run ({@code RUNNING}), or some users of the run (of the
     *                           selection) have no results.json yet ({@code UNFINISHED}: restart the run first)
     * @throws IllegalArgumentException naming the users file and the id that is not one of the run's users
     */
    public RetryStart retry(RunId run, Optional<Path> usersFile, Properties extra) {
        Optional<JobExecution> latest = latest(run);
        if (latest.isPresent() && RUNNING.contains(latest.get().getBatchStatus()) && (!embedded || isWorkedOn(run))) {
            throw RunStateException.runningNoRetry(run, "job execution " + latest.get().getExecutionId() + " is "
                    + latest.get().getBatchStatus());
        }
        try {
            RetryPlan plan = RetryPlan.checked(store, run, usersFile);
            if (plan.nothingMissing()) {
                return new RetryStart(plan, OptionalLong.empty());
            }
            plan.record(store);
            return new RetryStart(plan, OptionalLong.of(operator.start(JobProperties.RETRY_JOB_NAME,
                    parameters(run, extra))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read what run " + run + " is missing: " + e.getMessage(), e);
        }
    }

    /**
     * Asks the run's running execution to stop at its next checkpoint or poll.
     *
     * @return the execution asked (or already stopping)
     * @throws RunStateException when none runs
     */
    public JobExecution stop(RunId run) {
        JobExecution latest = latest(run).orElseThrow(() -> new RunStateException(
                RunStateException.Reason.NOT_RUNNING, "run " + run + " is not running: it has no job execution"));
        BatchStatus status = latest.getBatchStatus();
        if (status == BatchStatus.STARTING || status == BatchStatus.STARTED) {
            askTheNodeThatRunsIt(run, latest.getExecutionId());
            try {
                operator.stop(latest.getExecutionId());
            } catch (JobExecutionNotRunningException endedMeanwhile) {
                throw notRunning(run, operator.getJobExecution(latest.getExecutionId()));
            }
        } else if (status != BatchStatus.STOPPING) {
            throw notRunning(run, latest);
        }
        return latest;
    }

    /**
     * In a cluster, JBeret's stop of an execution another node runs only marks it STOPPING in the repository, which
     * that node's running steps do not see: a stop request in the shared tree reaches it ({@link RunFailover}).
     */
    private void askTheNodeThatRunsIt(RunId run, long execution) {
        if (!RunLease.sharedAcrossNodes(store) || RunLease.executionsHere().containsKey(run)) {
            return;
        }
        try {
            StopRequests.request(store, run, execution);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot ask the node that works on run " + run + " to stop it", e);
        }
    }

    public static boolean isDone(BatchStatus status) {
        return !RUNNING.contains(status);
    }

    private static RunStateException notRunning(RunId run, JobExecution latest) {
        return new RunStateException(RunStateException.Reason.NOT_RUNNING, "run " + run + " is not running: its job "
                + "execution " + latest.getExecutionId() + " is " + latest.getBatchStatus());
    }

    private boolean isWorkedOn(RunId run) {
        try {
            return RunLease.isWorkedOn(store, run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe the lease of run " + run, e);
        }
    }
}
