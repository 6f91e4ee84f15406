package io.batchlab.server;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Runs' status.json, each read at most once a second: one scrape asks a run's several gauges in a row. Empty while a
 * run has no readable status.json (just allocated).
 */
final class RunStatusSnapshots {

    static final long FRESH_NANOS = 1_000_000_000L;

    private record Snapshot(long readAt, Optional<RunStatus> status) {
    }

    private final ExperimentStore store;
    private final LongSupplier nanoClock;
    private final Map<RunId, Snapshot> snapshots = new ConcurrentHashMap<>();

    RunStatusSnapshots(ExperimentStore store) {
        this(store, System::nanoTime);
    }

    RunStatusSnapshots(ExperimentStore store, LongSupplier nanoClock) {
        this.store = store;
        this.nanoClock = nanoClock;
    }

    Optional<RunStatus> of(RunId run) {
        long now = nanoClock.getAsLong();
        return snapshots.compute(run, (id, old) -> old != null && now - old.readAt() < FRESH_NANOS ? old
                : new Snapshot(now, read(id))).status();
    }

    private Optional<RunStatus> read(RunId run) {
        try {
            return Optional.of(RunStatusStore.read(store, run));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
