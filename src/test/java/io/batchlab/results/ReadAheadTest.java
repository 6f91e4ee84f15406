package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.batchlab.store.UserId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    private static final int WORKERS = 3;

    @Test
    void handsEveryUserBackInUsersJsonOrder() throws IOException {
        // given
        List<UserId> users = users(1_000);

        // when
        List<ReadAhead.Next> handedBack = new ArrayList<>();
        try (ReadAhead ahead = new ReadAhead(users.iterator(), (user, budget) -> rows(user, 100), WORKERS)) {
            for (ReadAhead.Next next = ahead.next(); next != null; next = ahead.next()) {
                handedBack.add(next);
            }
        }

        // then: each user with their own rows
        assertThat(handedBack).extracting(ReadAhead.Next::user).containsExactlyElementsOf(users);
        assertThat(handedBack).allSatisfy(next -> assertThat(next.read().rows()).singleElement()
                .satisfies(row -> assertThat(row.userId()).isEqualTo(next.user().value())));
    }

    @Test
    void takesNoMoreUsersThanTwoBlocksPerWorkerAheadOfTheWriter() throws IOException {
        // given
        CountingIterator users = new CountingIterator(users(10_000));

        // when: the writer takes one user and no more
        try (ReadAhead ahead = new ReadAhead(users, (user, budget) -> rows(user, 100), WORKERS)) {
            ahead.next();

            // then: what is in flight is bounded, whatever the run's size
            assertThat(users.taken).isEqualTo(2 * WORKERS * ReadAhead.BLOCK_USERS);
        }
    }

    @Test
    void aBlockReadsAheadWithinItsByteBudgetAndLeavesWhatDoesNotFitToTheWriter() throws IOException {
        // given: three files of a quarter of a block's budget, one of half (no longer fits), a small one (fits), and
        // then quarters again (no longer fit)
        List<UserId> users = users(ReadAhead.BLOCK_USERS);
        long quarter = ReadAhead.BLOCK_BYTES / 4;
        Map<UserId, Long> sizes = new ConcurrentHashMap<>();
        for (int i = 0; i < users.size(); i++) {
            sizes.put(users.get(i), i == 3 ? 2 * quarter : i == 4 ? 100 : quarter);
        }

        // when
        List<ReadAhead.Next> block = new ArrayList<>();
        try (ReadAhead ahead = new ReadAhead(users.iterator(), (user, budget) ->
                budget < sizes.get(user) ? null : rows(user, sizes.get(user)), WORKERS)) {
            for (ReadAhead.Next next = ahead.next(); next != null; next = ahead.next()) {
                block.add(next);
            }
        }

        // then
        assertThat(block).extracting(ReadAhead.Next::user).containsExactlyElementsOf(users);
        List<UserId> readAhead = block.stream().filter(next -> next.read() != null).map(ReadAhead.Next::user).toList();
        assertThat(readAhead).containsExactly(users.get(0), users.get(1), users.get(2), users.get(4));
        assertThat(readAhead.stream().mapToLong(sizes::get).sum()).isLessThanOrEqualTo(ReadAhead.BLOCK_BYTES);
    }

    @Test
    void aUserThatCannotBeReadIsLeftToTheWriterWithEveryoneAfterThemInTheBlock() throws IOException {
        // given
        List<UserId> users = users(10);
        AtomicInteger asked = new AtomicInteger();

        // when
        List<ReadAhead.Next> handedBack = new ArrayList<>();
        try (ReadAhead ahead = new ReadAhead(users.iterator(), (user, budget) -> {
            asked.incrementAndGet();
            if (user.equals(users.get(3))) {
                throw new IOException("broken");
            }
            return rows(user, 100);
        }, WORKERS)) {
            for (ReadAhead.Next next = ahead.next(); next != null; next = ahead.next()) {
                handedBack.add(next);
            }
        }

        // then: the writer reads user 3 and reports the error in its place, as without read-ahead
        assertThat(handedBack).extracting(next -> next.read() != null)
                .containsExactly(true, true, true, false, false, false, false, false, false, false);
        assertThat(asked).hasValue(4);
    }

    @Test
    void aDefectInAReaderReachesTheWriterAsItWasThrown() {
        try (ReadAhead ahead = new ReadAhead(users(3).iterator(), (user, budget) -> {
            throw new IllegalStateException("defect in " + user);
        }, WORKERS)) {
            assertThatThrownBy(ahead::next).isInstanceOf(IllegalStateException.class).hasMessage("defect in u0");
        }
    }

    @Test
    void withOneCoreNothingIsReadAheadAndNoThreadStarts() throws IOException {
        // given
        AtomicInteger asked = new AtomicInteger();

        // when
        List<ReadAhead.Next> handedBack = new ArrayList<>();
        try (ReadAhead ahead = new ReadAhead(users(5).iterator(), (user, budget) -> {
            asked.incrementAndGet();
            return rows(user, 1);
        }, 1)) {
            for (ReadAhead.Next next = ahead.next(); next != null; next = ahead.next()) {
                handedBack.add(next);
            }
        }

        // then
        assertThat(handedBack).extracting(ReadAhead.Next::user).containsExactlyElementsOf(users(5));
        assertThat(handedBack).allSatisfy(next -> assertThat(next.read()).isNull());
        assertThat(asked).hasValue(0);
    }

    @Test
    void closingStopsTheReaderThreads() throws IOException {
        // when: the writer gives up after the first user
        try (ReadAhead ahead = new ReadAhead(users(10_000).iterator(), (user, budget) -> rows(user, 1), WORKERS)) {
            ahead.next();
        }

        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("batchlab-export-")));
    }

    private static ReadAhead.UserRows rows(UserId user, long bytes) {
        ExportRow row = new ExportRow("run", user.value(), "r00001", null, "model", RunExport.ANSWERED, "favor",
                null, null, null, null, null, null, null, null, null, 200, null, null, null, null);
        return new ReadAhead.UserRows(List.of(row), Path.of(user.value(), "results.json"), bytes);
    }

    private static List<UserId> users(int count) {
        return IntStream.range(0, count).mapToObj(i -> new UserId("u" + i)).toList();
    }

    /** The users, counting how many were taken: what the read-ahead has put in flight. */
    private static final class CountingIterator implements Iterator<UserId> {
        private final Iterator<UserId> users;
        private int taken;

        CountingIterator(List<UserId> users) {
            this.users = users.iterator();
        }

        @Override
        public boolean hasNext() {
            return users.hasNext();
        }

        @Override
        public UserId next() {
            taken++;
            return users.next();
        }
    }
}
