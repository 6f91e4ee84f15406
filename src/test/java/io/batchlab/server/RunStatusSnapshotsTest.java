package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStatusSnapshotsTest {

    @TempDir
    Path root;

    @Test
    void readsStatusJsonAtMostOnceASecondAndNothingBeforeItExists() throws Exception {
        // given: a run allocated, its status.json not written yet
        ExperimentStore store = ExperimentStore.open(root);
        RunId run = store.allocateRun("CT", "M", LocalDate.of(2026, 12, 2));
        RunStatusStore statuses = new RunStatusStore(store, Clock.systemUTC(), ZoneOffset.UTC);
        AtomicLong nanos = new AtomicLong(1);
        RunStatusSnapshots snapshots = new RunStatusSnapshots(store, nanos::get);

        // then
        assertThat(snapshots.of(run)).isEmpty();

        // when: written, then asked within the second and after it
        statuses.create(run, "snapshots");
        statuses.update(run, s -> s.withCounts(RunStatus.Counts.ZERO.withTotal(7)));
        nanos.addAndGet(RunStatusSnapshots.FRESH_NANOS);
        long total = snapshots.of(run).orElseThrow().counts().total();
        statuses.update(run, s -> s.withCounts(s.counts().withPrepared(5)));
        long preparedWithinTheSecond = snapshots.of(run).orElseThrow().counts().prepared();
        nanos.addAndGet(RunStatusSnapshots.FRESH_NANOS);
        long preparedAfterIt = snapshots.of(run).orElseThrow().counts().prepared();

        // then
        assertThat(total).isEqualTo(7);
        assertThat(preparedWithinTheSecond).isZero();
        assertThat(preparedAfterIt).isEqualTo(5);
    }
}
