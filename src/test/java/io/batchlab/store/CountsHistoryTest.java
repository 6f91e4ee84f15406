package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountsHistoryTest {

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-04-08T08:30:00Z"), ZoneOffset.UTC);
    private ExperimentStore store;
    private RunStatusStore statuses;
    private RunId run;

    @BeforeEach
    void createRun() throws Exception {
        store = ExperimentStore.open(root);
        statuses = new RunStatusStore(store, clock, ZoneOffset.UTC);
        run = store.allocateRun("CT", "DS70B", LocalDate.of(2024, 4, 8));
        statuses.create(run, "history test");
    }

    @Test
    void everyChangeOfTheCountsIsOnePointAndOtherChangesAddNone() throws Exception {
        // when
        statuses.update(run, s -> s.withCounts(RunStatus.Counts.ZERO.withTotal(10)));
        clock.advance(java.time.Duration.ofSeconds(5));
        statuses.update(run, s -> s.withCounts(s.counts().withPrepared(10).withSubmitted(4)));
        statuses.update(run, s -> s.withState(RunStatus.State.RUNNING));
        clock.advance(java.time.Duration.ofSeconds(5));
        statuses.update(run, s -> s.withCounts(s.counts().withSubmitted(10).withCompleted(7).withFailed(1)));

        // then
        assertThat(CountsHistory.read(store, run, 200)).containsExactly(
                new CountsHistory.Point(java.time.LocalDateTime.parse("2024-04-08T08:30:00"), 10, 0, 0, 0, 0),
                new CountsHistory.Point(java.time.LocalDateTime.parse("2024-04-08T08:30:05"), 10, 10, 4, 0, 0),
                new CountsHistory.Point(java.time.LocalDateTime.parse("2024-04-08T08:30:10"), 10, 10, 10, 7, 1));
    }

    @Test
    void aLongHistoryIsThinnedEvenlyKeepingTheFirstAndTheLastAndSkippingACutLine() throws Exception {
        // given: 1,000 points, then a line a crash cut short
        for (int i = 1; i <= 1000; i++) {
            long done = i;
            statuses.update(run, s -> s.withCounts(RunStatus.Counts.ZERO.withTotal(1000).withCompleted(done)));
        }
        Files.writeString(store.workDir().resolve("history").resolve(run + ".csv"), "2024-04-08T09:00:00,10",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        // when
        var points = CountsHistory.read(store, run, 50);

        // then
        assertThat(points).hasSizeBetween(40, 50);
        assertThat(points.get(0).completed()).isEqualTo(1);
        assertThat(points.get(points.size() - 1).completed()).isEqualTo(1000);
        assertThat(points).extracting(CountsHistory.Point::completed).isSorted();
    }
}
