package io.batchlab.control;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The right to work on a run: one process at a time, and in that process one job execution at a time.
 *
 * <p>Across processes the lease lives in a {@link LeaseStore}: an OS file lock under {@code .batchlab/locks/} (one
 * machine; the OS releases it when the process dies, so a crash never leaves a run leased), or, when MicroProfile
 * Config {@value DatabaseLeaseStore#DATASOURCE_KEY} names the job repository's PostgreSQL datasource, a row with a
 * heartbeat and an expiry that every node sharing the repository sees ({@link DatabaseLeaseStore}; a dead node's
 * leases expire and {@link RunFailover} continues its runs). Inside a process, leases share that one hold and at most
 * one of them belongs to a job execution: a CLI that supervises a run across windows holds a process lease while the
 * executions it starts take execution leases; on a server every execution takes its own. The job takes its lease
 * itself when it starts, so every face that can start it (CLI, runs API, JBeret REST, jboss-cli, JMX, the console,
 * windows) is covered.
 */
public final class RunLease implements AutoCloseable {

    /** The runs this JVM holds, by store key; guarded by the class. */
    private static final Map<String, Held> HELD = new HashMap<>();

    private final LeaseStore leases;
    private final RunId run;
    private final String key;
    private final Long execution;
    private boolean closed;

    private RunLease(LeaseStore leases, RunId run, Long execution) {
        this.leases = leases;
        this.run = run;
        this.key = leases.key(run);
        this.execution = execution;
    }

    /** For a process that works on the run, between and around its job executions. */
    public static RunLease forProcess(ExperimentStore store, RunId run) throws IOException {
        return acquire(store, run, null);
    }

    /** For one job execution; refused while another execution, here or in another process, works on the run. */
    public static RunLease forExecution(ExperimentStore store, RunId run, long execution) throws IOException {
        return acquire(store, run, execution);
    }

    /** Whether any process, this one included, holds a lease on the run. */
    public static boolean isHeld(ExperimentStore store, RunId run) throws IOException {
        LeaseStore leases = leases(store);
        synchronized (RunLease.class) {
            return HELD.containsKey(leases.key(run)) || leases.isHeld(run);
        }
    }

    /**
     * Whether a job execution works on the run now: one of this JVM's, or whatever process holds its lease. A process
     * lease alone (a CLI between its executions) does not count, so that process may continue a crashed execution.
     */
    public static boolean isWorkedOn(ExperimentStore store, RunId run) throws IOException {
        LeaseStore leases = leases(store);
        synchronized (RunLease.class) {
            Held held = HELD.get(leases.key(run));
            return held != null ? held.execution != null : leases.isHeld(run);
        }
    }

    /** Runs whose holder died without letting go and that no process of this JVM holds: to be taken over. */
    public static List<RunId> abandoned(ExperimentStore store) throws IOException {
        LeaseStore leases = leases(store);
        List<RunId> expired = leases.expired();
        synchronized (RunLease.class) {
            return expired.stream().filter(run -> !HELD.containsKey(leases.key(run))).toList();
        }
    }

    /** The runs a job execution of this JVM works on, with that execution. */
    public static Map<RunId, Long> executionsHere() {
        synchronized (RunLease.class) {
            Map<RunId, Long> here = new HashMap<>();
            HELD.values().stream().filter(held -> held.execution != null)
                    .forEach(held -> here.put(held.run, held.execution));
            return here;
        }
    }

    /** Whether leases span several nodes (the database) rather than one machine (file locks). */
    public static boolean sharedAcrossNodes(ExperimentStore store) {
        return leases(store) instanceof DatabaseLeaseStore;
    }

    /** Stops renewing this JVM's database leases (the application ends): other nodes take its runs over. */
    public static void stopRenewing() {
        DatabaseLeaseStore.configured().ifPresent(DatabaseLeaseStore::stopHeartbeat);
    }

    /** Whether a job execution of this JVM has joined this lease (a process lease taken to hand the run to it). */
    public boolean joinedByExecution() {
        synchronized (RunLease.class) {
            Held held = HELD.get(key);
            return held != null && held.execution != null;
        }
    }

    /**
     * Makes sure, right before an action only the run's one worker may take (a provider call that spends money or
     * collects), that this process still holds the run, and renews the hold.
     *
     * @throws RunLeaseException once another process has taken the run over (this one stalled past the lease's
     *                           lifetime): the caller must stop, leaving the run and its status to the new holder
     */
    public void confirm() throws IOException {
        LeaseStore.Claim claim = claim();
        if (claim != null && !claim.confirm()) {
            throw takenOver();
        }
    }

    /**
     * {@link #confirm} without renewing or asking the store: fails once this process has found the run taken over
     * (its heartbeat does so within a third of the lease's lifetime).
     */
    public void checkNotLost() {
        if (lost()) {
            throw takenOver();
        }
    }

    /** Whether this process found the run taken over by another (see {@link #confirm}); no I/O. */
    public boolean lost() {
        LeaseStore.Claim claim = claim();
        return claim != null && claim.lost();
    }

    private RunLeaseException takenOver() {
        return takenOver(leases, run, "this execution stops here, so that nothing is done twice");
    }

    private static RunLeaseException takenOver(LeaseStore leases, RunId run, String what) {
        return new RunLeaseException("run " + run + " was taken over by " + leases.holder(run)
                + " while this process did not renew its lease in time: " + what);
    }

    private LeaseStore.Claim claim() {
        synchronized (RunLease.class) {
            Held held = closed ? null : HELD.get(key);
            return held == null ? null : held.claim;
        }
    }

    private static RunLease acquire(ExperimentStore store, RunId run, Long execution) throws IOException {
        LeaseStore leases = leases(store);
        String key = leases.key(run);
        synchronized (RunLease.class) {
            Held held = HELD.get(key);
            if (held != null && held.claim.lost()) {
                throw takenOver(leases, run, "stop it there first, or wait for it to end");
            }
            if (held == null) {
                LeaseStore.Claim claim = leases.tryClaim(run, describe(execution));
                if (claim == null) {
                    throw new RunLeaseException("run " + run + " is already being worked on by " + leases.holder(run)
                            + ": stop it there first, or wait for it to end");
                }
                held = new Held(run, claim);
                HELD.put(key, held);
            } else if (execution != null && held.execution != null) {
                throw new RunLeaseException("run " + run + " is already being worked on by job execution "
                        + held.execution + " in this process (pid " + ProcessHandle.current().pid()
                        + "): stop it first, or wait for it to end");
            }
            held.count++;
            if (execution != null) {
                held.execution = execution;
                held.claim.describe(describe(execution));
            }
            return new RunLease(leases, run, execution);
        }
    }

    /** Who holds the run, as the holder wrote it: process, host or node, job execution, since when. */
    public static String holder(ExperimentStore store, RunId run) {
        return leases(store).holder(run);
    }

    private static String describe(Long execution) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        String node = System.getProperty("jboss.node.name");
        return "process " + ProcessHandle.current().pid() + " on " + host
                + (node == null || node.equals(host) ? "" : " (node " + node + ")")
                + (execution == null ? "" : ", job execution " + execution) + " (since " + Instant.now() + ")";
    }

    private static LeaseStore leases(ExperimentStore store) {
        return DatabaseLeaseStore.configured().<LeaseStore>map(database -> database)
                .orElseGet(() -> new FileLeaseStore(store));
    }

    @Override
    public void close() {
        synchronized (RunLease.class) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(key);
            if (held == null) {
                return;
            }
            if (execution != null && execution.equals(held.execution)) {
                held.execution = null;
            }
            if (--held.count == 0) {
                HELD.remove(key);
                try {
                    held.claim.release();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release the lease " + key, e);
                }
            }
        }
    }

    /** This JVM's one hold on a run and who in this JVM shares it. */
    private static final class Held {
        final RunId run;
        final LeaseStore.Claim claim;
        int count;
        Long execution;

        Held(RunId run, LeaseStore.Claim claim) {
            this.run = run;
            this.claim = claim;
        }
    }
}
