package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Heavy proof: status.json stays whole and no increment is lost while threads and processes update it. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RunStatusConcurrencyTest {

    private static final int THREADS = 8;
    private static final int UPDATES_PER_THREAD = 40;
    private static final int PROCESSES = 2;
    private static final int UPDATES_PER_PROCESS = 50;

    @TempDir
    Path root;

    @Test
    void statusStaysParseableAndCountsExactUnderThreadsAndProcesses() throws Exception {
        // given
        ExperimentStore store = ExperimentStore.open(root);
        RunStatusStore statuses = new RunStatusStore(store, Clock.systemUTC(), ZoneOffset.UTC);
        RunId run = store.allocateRun("CT", "DS70B", LocalDate.of(2024, 4, 8));
        statuses.create(run, "hammered");

        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        AtomicLong lastSeen = new AtomicLong();
        AtomicReference<String> wentBackwards = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try (ChildProcesses children = new ChildProcesses()) {
            children.start(PROCESSES, UpdateStatusMain.class, root, root.toString(), run.toString(),
                    Integer.toString(UPDATES_PER_PROCESS));
            pool.submit(() -> {
                while (reading.get() && readFailure.get() == null) {
                    try {
                        long prepared = RunStatusStore.read(store, run).counts().prepared();
                        if (prepared < lastSeen.getAndSet(prepared)) {
                            wentBackwards.compareAndSet(null, "prepared went back to " + prepared);
                        }
                        reads.incrementAndGet();
                    } catch (Throwable e) {
                        readFailure.set(e);
                    }
                }
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < UPDATES_PER_THREAD; i++) {
                        statuses.update(run, status -> status.withCounts(
                                status.counts().withPrepared(status.counts().prepared() + 1)));
                    }
                    return null;
                }));
            }

            // when
            children.go();
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            List<List<String>> childOutputs = children.awaitOutputs(Duration.ofMinutes(2));
            await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() > 0);
            reading.set(false);

            // then
            assertThat(childOutputs).allSatisfy(lines -> assertThat(lines)
                    .containsExactly("done " + UPDATES_PER_PROCESS));
            assertThat(readFailure.get()).isNull();
            assertThat(wentBackwards.get()).isNull();
            assertThat(RunStatusStore.read(store, run).counts().prepared())
                    .isEqualTo((long) THREADS * UPDATES_PER_THREAD + (long) PROCESSES * UPDATES_PER_PROCESS);
        } finally {
            reading.set(false);
            pool.shutdownNow();
        }
    }
}
