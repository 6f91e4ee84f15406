package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.job.RunCounts.UserState;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCountsTest {

    @TempDir
    Path dir;

    private static RunStatus fresh() {
        return RunStatus.created(RunId.parse("20240408_CT_DS70B_001"), "d", LocalDateTime.of(2024, 4, 8, 10, 0));
    }

    /** The invariant RunCounts documents: 0 ≤ completed + failed ≤ submitted ≤ prepared ≤ total − skipped. */
    static void assertInvariant(RunStatus.Counts c) {
        assertThat(c.completed() + c.failed()).isBetween(0L, c.submitted());
        assertThat(c.submitted()).isLessThanOrEqualTo(c.prepared());
        assertThat(c.prepared()).isLessThanOrEqualTo(c.total() - c.skipped());
    }

    @Test
    void eachUserCountsOnceAtItsFurthestState() {
        // given
        RunCounts counts = RunCounts.fresh(5);

        // when: user 0 goes all the way, 1 fails, 2 is submitted, 3 is skipped, 4 has nothing
        counts.advance(0, UserState.PREPARED);
        counts.advance(0, UserState.SUBMITTED);
        counts.advance(0, UserState.COMPLETED);
        counts.advance(1, UserState.PREPARED);
        counts.advance(1, UserState.SUBMITTED);
        counts.advance(1, UserState.FAILED);
        counts.advance(2, UserState.PREPARED);
        counts.advance(2, UserState.SUBMITTED);
        counts.advance(3, UserState.SKIPPED);

        // then
        assertThat(counts.snapshot()).isEqualTo(new RunStatus.Counts(5, 3, 3, 1, 1, 1));
    }

    @Test
    void replayedMovesAndMovesBackChangeNothing() {
        // given
        RunCounts counts = RunCounts.fresh(2);
        counts.advance(0, UserState.PREPARED);
        counts.advance(0, UserState.SUBMITTED);

        // when: a replayed chunk writes batch.jsonl again; a stale report says completed after failed
        boolean again = counts.advance(0, UserState.PREPARED);
        boolean twice = counts.advance(0, UserState.SUBMITTED);
        counts.advance(0, UserState.FAILED);
        boolean overTerminal = counts.advance(0, UserState.COMPLETED);

        // then
        assertThat(again).isFalse();
        assertThat(twice).isFalse();
        assertThat(overTerminal).isFalse();
        assertThat(counts.state(0)).isEqualTo(UserState.FAILED);
        assertThat(counts.snapshot()).isEqualTo(new RunStatus.Counts(2, 1, 1, 0, 1, 0));
    }

    @Test
    void aRetryCompletesAFailedUserButNeverUndoesACompleteOrSkippedOne() {
        // given
        RunCounts counts = RunCounts.fresh(3);
        counts.advance(0, UserState.FAILED);
        counts.advance(1, UserState.COMPLETED);
        counts.advance(2, UserState.SKIPPED);

        // when
        boolean completed = counts.retried(0, UserState.COMPLETED);
        boolean backwards = counts.retried(1, UserState.FAILED);
        boolean overSkipped = counts.retried(2, UserState.COMPLETED);

        // then
        assertThat(completed).isTrue();
        assertThat(backwards).isFalse();
        assertThat(overSkipped).isFalse();
        assertThat(counts.snapshot()).isEqualTo(new RunStatus.Counts(3, 2, 2, 2, 0, 1));
    }

    @Test
    void stepsFollowTheCountsWithSkippedUsersCountingAsDone() {
        // given
        RunCounts counts = RunCounts.fresh(3);
        counts.advance(0, UserState.SKIPPED);
        counts.advance(1, UserState.PREPARED);
        counts.advance(2, UserState.PREPARED);

        // when
        RunStatus prepared = counts.applyTo(fresh());
        counts.advance(1, UserState.SUBMITTED);
        RunStatus oneSubmitted = counts.applyTo(fresh());
        counts.advance(2, UserState.SUBMITTED);
        counts.advance(1, UserState.COMPLETED);
        counts.advance(2, UserState.FAILED);
        RunStatus done = counts.applyTo(fresh());

        // then
        assertThat(prepared.steps()).isEqualTo(new RunStatus.Steps(false, true, false, false));
        assertThat(oneSubmitted.steps()).isEqualTo(new RunStatus.Steps(false, true, false, false));
        assertThat(done.steps()).isEqualTo(new RunStatus.Steps(false, true, true, true));
    }

    @Test
    void concurrentMovesKeepTheInvariantInEverySnapshot() throws Exception {
        // given: 4 threads each walk their own users through every state while a fifth takes snapshots
        int users = 20_000;
        RunCounts counts = RunCounts.fresh(users);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> movers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                movers.add(threads.submit(() -> {
                    start.await();
                    for (int user = first; user < users; user += 4) {
                        counts.advance(user, UserState.PREPARED);
                        counts.advance(user, UserState.SUBMITTED);
                        counts.advance(user, user % 10 == 0 ? UserState.FAILED : UserState.COMPLETED);
                    }
                    return null;
                }));
            }
            Future<Integer> watcher = threads.submit(() -> {
                start.await();
                int seen = 0;
                do {
                    assertInvariant(counts.snapshot());
                    seen++;
                } while (movers.stream().anyMatch(mover -> !mover.isDone()));
                return seen;
            });

            // when
            start.countDown();
            for (Future<?> mover : movers) {
                mover.get();
            }

            // then
            assertThat(watcher.get()).isPositive();
            assertThat(counts.snapshot()).isEqualTo(new RunStatus.Counts(users, users, users, users - users / 10,
                    users / 10, 0));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void recountReadsEachUsersFurthestFile() throws IOException {
        // given: a run whose five users got to different places before a crash
        ExperimentStore store = ExperimentStore.open(dir);
        RunId run = store.allocateRun("CT", "DS70B", LocalDate.of(2024, 4, 8));
        List<UserId> users = IntStream.range(0, 5).mapToObj(i -> UserId.of("u" + i, "test")).toList();
        UsersFile.write(store.usersFile(run), users.iterator());
        file(store.batchFile(users.get(0), run), "{}\n");
        file(store.batchFile(users.get(1), run), "{}\n");
        file(store.uploadFile(users.get(1), run), "{}");
        file(store.batchFile(users.get(2), run), "{}\n");
        file(store.uploadFile(users.get(2), run), "{}");
        file(store.resultsFile(users.get(2), run), "{\"run_id\": \"x\", \"status\": \"partial\"}");
        file(store.resultsFile(users.get(3), run), "{\"status\": \"skipped\", \"reason\": \"no records\"}");

        // when
        RunCounts counts = RunCounts.recount(store, run);

        // then
        assertThat(counts.snapshot()).isEqualTo(new RunStatus.Counts(5, 3, 2, 0, 1, 1));
        assertThat(IntStream.range(0, 5).mapToObj(counts::state)).containsExactly(UserState.PREPARED,
                UserState.SUBMITTED, UserState.FAILED, UserState.SKIPPED, UserState.NONE);
    }

    private static void file(Path path, String content) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }
}
