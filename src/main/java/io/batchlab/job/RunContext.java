package io.batchlab.job;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.control.RunLease;
import io.batchlab.cost.Prices;
import io.batchlab.control.RunLeaseException;
import io.batchlab.input.UserRecords;
import io.batchlab.provider.AllowedProviders;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.request.UserRequestBuilder;
import io.batchlab.results.Provenance;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * One run as a job execution sees it: its id, resolved configuration and tree, plus the heavy resources all
 * partitions share (the input index, the request builder, one provider client whose rate limit spans the run, the
 * hand-off of created batches to collect-results).
 */
public final class RunContext implements AutoCloseable {

    private final RunId runId;
    private final ExperimentConfig config;
    private final ExperimentStore store;
    private final RunStatusStore statuses;
    private final Submissions submissions = new Submissions();
    private UserRecords records;
    private UserRequestBuilder requests;
    private BatchClient client;
    private RunLease lease;
    private RunCounts counts;
    private Optional<CostCap> costCap;
    private RunUsage usage;
    private Provenance provenance;

    public RunContext(RunId runId, ExperimentConfig config, ExperimentStore store, RunStatusStore statuses) {
        this.runId = runId;
        this.config = config;
        this.store = store;
        this.statuses = statuses;
    }

    public RunId runId() {
        return runId;
    }

    public ExperimentConfig config() {
        return config;
    }

    public ExperimentStore store() {
        return store;
    }

    public RunStatusStore statuses() {
        return statuses;
    }

    /**
     * Takes the run's lease for this job execution, held until the execution ends (see {@link RunContexts#forget}).
     *
     * @throws io.batchlab.control.RunLeaseException when another execution, here or in another process, works on the run
     */
    synchronized void lease(long execution) {
        if (lease == null) {
            try {
                lease = RunLease.forExecution(store, runId, execution);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot take the lease of run " + runId + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Whether this execution holds the run; one refused at its start, or whose run another node took over, must
     * leave the run's files alone.
     */
    synchronized boolean leased() {
        return lease != null && !lease.lost();
    }

    /**
     * Changes the run's status.json, unless another node took the run over from this execution: then it is the new
     * holder's to write, and this changes nothing.
     */
    void updateStatus(UnaryOperator<RunStatus> change) throws IOException {
        if (!leaseLost()) {
            statuses.update(runId, change);
        }
    }

    /** Whether another node took the run over from this execution while it stalled. */
    synchronized boolean leaseLost() {
        return lease != null && lease.lost();
    }

    /**
     * Between polling rounds: fails once this process found the run taken over by another node (no I/O; see
     * {@link #confirmLease}).
     */
    void checkLeaseNotLost() {
        RunLease held;
        synchronized (this) {
            held = lease;
        }
        if (held != null) {
            held.checkNotLost();
        }
    }

    /**
     * Before a provider call only the run's one worker may make: makes sure this execution still holds the run.
     *
     * @throws io.batchlab.control.RunLeaseException when another node took the run over while this one stalled
     */
    void confirmLease() {
        RunLease held;
        synchronized (this) {
            held = lease;
        }
        if (held != null) {
            try {
                held.confirm();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make sure run " + runId + " is still this node's: "
                        + e.getMessage(), e);
            }
        }
    }

    /** This execution's counts; recounted from the files if {@link #recount} has not run yet. */
    synchronized RunCounts counts() throws IOException {
        if (counts == null) {
            counts = RunCounts.recount(store, runId);
        }
        return counts;
    }

    /** Starts this execution's counts from the files, before anything is shown or written. */
    synchronized void recount() throws IOException {
        if (counts != null) {
            counts.close();
        }
        counts = RunCounts.recount(store, runId);
    }

    /** A run just created: nobody has a file yet, no need to look. */
    synchronized void countFresh(long total) throws IOException {
        counts = RunCounts.fresh(store, runId, total);
    }

    /** This execution's cost cap ({@code override}: the job parameter maxCost), opened on first use. */
    synchronized Optional<CostCap> costCap(String override) throws IOException {
        if (costCap == null) {
            costCap = CostCap.open(this, override);
        }
        return costCap;
    }

    /** The tokens collected so far; opened (and caught up from the files if need be) on first use. */
    synchronized RunUsage usage() throws IOException {
        if (usage == null) {
            usage = RunUsage.open(store, runId, counts());
        }
        return usage;
    }

    /** Puts the tokens and cost so far into {@code status}. */
    RunStatus showUsage(RunStatus status) {
        Optional<CostCap> cap;
        RunUsage current;
        synchronized (this) {
            cap = costCap == null ? Optional.empty() : costCap;
            current = usage;
        }
        if (current == null) {
            try {
                current = usage();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the tokens collected in run " + runId, e);
            }
        }
        return current.applyTo(status, Prices.of(config.model()), cap);
    }

    /** Why submitting stopped at the cost cap in this execution; null if it did not. */
    synchronized String costCapReached() {
        return costCap == null || costCap.isEmpty() ? null : costCap.get().reachedBecause();
    }

    /** The hand-off from prepare-and-submit to collect-results in this job execution. */
    Submissions submissions() {
        return submissions;
    }

    public synchronized UserRecords records() {
        if (records == null) {
            try {
                records = UserRecords.open(config.input(), store.workDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the input " + config.input().path() + ": "
                        + e.getMessage(), e);
            }
        }
        return records;
    }

    /** What every results.json of the run records about its origin; read from the run's config.yaml once. */
    public synchronized Provenance provenance() throws IOException {
        if (provenance == null) {
            provenance = Provenance.of(store, runId);
        }
        return provenance;
    }

    public synchronized UserRequestBuilder requests() {
        if (requests == null) {
            requests = new UserRequestBuilder(config);
        }
        return requests;
    }

    public synchronized BatchClient client() {
        if (client == null) {
            var provider = config.provider();
            // also for runs recorded before the allow-list changed: the key goes nowhere it may not
            AllowedProviders.check(provider.baseUrl());
            // The run's config.yaml says where and how fast; MP Config supplies the key (never the config file).
            client = BatchClient.create(ProviderSettings.fromConfig(ConfigProvider.getConfig(), provider.baseUrl(),
                    provider.requestsPerSecond(), provider.maxConcurrency()));
        }
        return client;
    }

    @Override
    public synchronized void close() {
        try {
            if (client != null) {
                client.close();
            }
            if (records != null) {
                records.close();
            }
            if (counts != null) {
                counts.close();
            }
            if (usage != null) {
                usage.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            // last: nobody else may work on the run before this execution has let go of everything
            if (lease != null) {
                lease.close();
                lease = null;
            }
        }
    }
}
