package io.batchlab.control;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Continues the runs of a node that died: each {@link #scan()} looks for run leases whose holder stopped renewing them
 * (only database leases expire: {@link RunLease}), takes the lease (one node wins: the database decides), and if the
 * run's latest execution is still recorded as working, has JBeret mark it FAILED and continue the run from its
 * checkpoints here ({@link RunJobs#takeOver}). The lease taken is handed to the new execution, which joins it at its
 * start; a node that comes back finds its old execution FAILED and the run leased by the survivor, so it does not
 * resume the run. Runs that ended before their node died only have their stale lease removed.
 */
public final class RunFailover {

    private static final Logger LOG = Logger.getLogger(RunFailover.class.getName());

    /** A run taken over: the dead node's execution and the one that continues it here. */
    public record Takeover(RunId run, long deadExecution, long newExecution) {
    }

    private final RunJobs jobs;
    private final ExperimentStore store;
    /** Leases held until the execution started for them joins them (or ends without doing so). */
    private final Map<RunId, Handover> handovers = new HashMap<>();

    private record Handover(RunLease lease, long execution) {
    }

    public RunFailover(RunJobs jobs, ExperimentStore store) {
        this.jobs = jobs;
        this.store = store;
    }

    /**
     * One look at the leases: stops this node's executions that another node was asked to stop, and takes over every
     * run whose holder died; what it took over.
     */
    public synchronized List<Takeover> scan() throws IOException {
        releaseJoinedHandovers();
        stopWhatOtherNodesWereAskedToStop();
        List<Takeover> takeovers = new ArrayList<>();
        for (RunId run : RunLease.abandoned(store)) {
            if (handovers.containsKey(run)) {
                continue;
            }
            RunLease lease;
            try {
                lease = RunLease.forProcess(store, run);
            } catch (RunLeaseException anotherNodeWasFaster) {
                continue;
            }
            try {
                takeOver(run, lease).ifPresentOrElse(takeovers::add, lease::close);
            } catch (RuntimeException e) {
                lease.close();
                LOG.log(Level.WARNING, "cannot take over run " + run + " from its dead node", e);
            }
        }
        return takeovers;
    }

    private void stopWhatOtherNodesWereAskedToStop() throws IOException {
        for (Map.Entry<RunId, Long> working : RunLease.executionsHere().entrySet()) {
            RunId run = working.getKey();
            long execution = working.getValue();
            if (!StopRequests.isRequestedFor(store, run, execution)) {
                continue;
            }
            StopRequests.clear(store, run);
            try {
                jobs.operator().stop(execution);
                LOG.info(() -> "run " + run + ": stop asked through another node; job execution " + execution
                        + " stops here at its next checkpoint or poll");
            } catch (JobExecutionNotRunningException endedMeanwhile) {
                LOG.fine(() -> "run " + run + ": job execution " + execution + " ended before its stop");
            }
        }
    }

    private Optional<Takeover> takeOver(RunId run, RunLease lease) {
        Optional<JobExecution> latest = jobs.latest(run);
        if (latest.isEmpty() || RunJobs.isDone(latest.get().getBatchStatus())) {
            LOG.info(() -> "run " + run + ": removed the lease its dead holder left; its latest execution "
                    + latest.map(e -> e.getExecutionId() + " is " + e.getBatchStatus()).orElse("is unknown here"));
            return Optional.empty();
        }
        JobExecution dead = latest.get();
        BatchStatus was = dead.getBatchStatus();
        long continued = jobs.takeOver(run, dead, new Properties());
        handovers.put(run, new Handover(lease, continued));
        LOG.warning(() -> "run " + run + ": its node stopped renewing the lease while job execution "
                + dead.getExecutionId() + " was " + was + "; marked FAILED and continued from the checkpoints in job "
                + "execution " + continued + " on this node");
        return Optional.of(new Takeover(run, dead.getExecutionId(), continued));
    }

    private void releaseJoinedHandovers() {
        handovers.entrySet().removeIf(entry -> {
            Handover handover = entry.getValue();
            boolean ended = RunJobs.isDone(jobs.operator().getJobExecution(handover.execution()).getBatchStatus());
            if (handover.lease().joinedByExecution() || ended) {
                handover.lease().close();
                return true;
            }
            return false;
        });
    }

    /** Lets go of leases not yet handed over (the application ends). */
    public synchronized void close() {
        handovers.values().forEach(handover -> handover.lease().close());
        handovers.clear();
    }
}
