package io.batchlab.input;

import io.batchlab.config.InputConfig;
import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexedJsonlRecordsTest {

    @TempDir
    Path dir;

    private Path workDir() {
        return dir.resolve("experiments/.batchlab");
    }

    static InputConfig jsonl(Path file) {
        return new InputConfig(InputConfig.Kind.JSONL, file, "user_id", InputConfig.Requests.PER_RECORD,
                OptionalInt.empty(), 0);
    }

    private static List<UserId> usersOf(UserRecords records) {
        List<UserId> users = new ArrayList<>();
        records.users().forEachRemaining(users::add);
        return users;
    }

    private static List<Integer> seqOf(List<JsonObject> records) {
        return records.stream().map(r -> r.getInt("seq")).toList();
    }

    private List<Path> indexDirs() throws IOException {
        try (Stream<Path> entries = Files.list(workDir().resolve("input-index"))) {
            return entries.sorted().toList();
        }
    }

    @Test
    void shuffledRecordsComeBackGroupedByUserInInputOrder() throws IOException {
        // given
        Path input = Files.writeString(dir.resolve("input.jsonl"), """
                {"user_id": "bob", "seq": 1}
                {"user_id": "alice", "seq": 2}

                {"user_id": "bob", "seq": 3}
                {"user_id": "carol", "seq": 4}
                {"user_id": "alice", "seq": 5}
                {"user_id": "bob", "seq": 6}
                """);

        // when
        try (UserRecords records = UserRecords.open(jsonl(input), workDir())) {

            // then
            assertThat(usersOf(records)).extracting(UserId::value).containsExactly("alice", "bob", "carol");
            assertThat(seqOf(records.recordsOf(new UserId("alice")))).containsExactly(2, 5);
            assertThat(seqOf(records.recordsOf(new UserId("bob")))).containsExactly(1, 3, 6);
            assertThat(seqOf(records.recordsOf(new UserId("carol")))).containsExactly(4);
            assertThat(records.recordsOf(new UserId("dave"))).isEmpty();
            assertThat(records.recordsOf(new UserId("aaa"))).isEmpty();
        }
    }

    @Test
    void inputWithOnlyBlankLinesHasNoUsers() throws IOException {
        // given
        Path input = Files.writeString(dir.resolve("input.jsonl"), "\n  \n");

        // when
        try (UserRecords records = UserRecords.open(jsonl(input), workDir())) {

            // then
            assertThat(records.users()).isExhausted();
            assertThat(records.recordsOf(new UserId("a"))).isEmpty();
        }
    }

    @Test
    void windowsLineEndingsAndByteOrderMarkAreAccepted() throws IOException {
        // given
        Path input = Files.writeString(dir.resolve("input.jsonl"),
                "\uFEFF{\"user_id\": \"b\", \"seq\": 1}\r\n{\"user_id\": \"b\", \"seq\": 2}\r\n");

        // when
        try (UserRecords records = UserRecords.open(jsonl(input), workDir())) {

            // then
            assertThat(seqOf(records.recordsOf(new UserId("b")))).containsExactly(1, 2);
        }
    }

    @Test
    void numericUserIdsBecomeTheirDecimalString() throws IOException {
        // given
        Path input = Files.writeString(dir.resolve("input.jsonl"), """
                {"user_id": 31499534, "seq": 1}
                {"user_id": "31499533", "seq": 2}
                {"user_id": 31499533, "seq": 3}
                """);

        // when
        try (UserRecords records = UserRecords.open(jsonl(input), workDir())) {

            // then
            assertThat(usersOf(records)).extracting(UserId::value).containsExactly("31499533", "31499534");
            assertThat(seqOf(records.recordsOf(new UserId("31499533")))).containsExactly(2, 3);
        }
    }

    @Test
    void recordsKeepTheirOriginalJson() throws IOException {
        // given
        Path input = Files.writeString(dir.resolve("input.jsonl"),
                "{\"user_id\":\"u1\",\"text\":\"tab\\there, \\\"quoted\\\", ünïcode 😀\",\"n\":[1,2.50,{\"k\":null}]}\n");

        // when
        try (UserRecords records = UserRecords.open(jsonl(input), workDir())) {
            JsonObject record = records.recordsOf(new UserId("u1")).get(0);

            // then
            assertThat(record.getString("text")).isEqualTo("tab\there, \"quoted\", ünïcode 😀");
            assertThat(record.getJsonArray("n").toString()).isEqualTo("[1,2.50,{\"k\":null}]");
        }
    }

    @Test
    void manySortedRunsMergeBackIntoInputOrderPerUser() throws IOException {
        // given 3-line chunks merged 2 at a time: many runs and several merge levels
        StringBuilder lines = new StringBuilder();
        int count = 500;
        for (int seq = 0; seq < count; seq++) {
            lines.append("{\"user_id\": \"u").append((seq * 7) % 13).append("\", \"seq\": ").append(seq).append("}\n");
        }
        Path input = Files.writeString(dir.resolve("input.jsonl"), lines);
        JsonlIndexBuilder smallChunks = new JsonlIndexBuilder(input, "user_id", 3, 1 << 20, 2);

        // when
        try (UserRecords records = IndexedJsonlRecords.open(smallChunks, workDir())) {

            // then
            List<UserId> users = usersOf(records);
            assertThat(users).hasSize(13).isSorted();
            int total = 0;
            for (UserId user : users) {
                List<Integer> seqs = seqOf(records.recordsOf(user));
                assertThat(seqs).isSorted().allMatch(seq -> ("u" + (seq * 7) % 13).equals(user.value()));
                total += seqs.size();
            }
            assertThat(total).isEqualTo(count);
        }
        try (Stream<Path> left = Files.list(indexDirs().get(0))) {
            assertThat(left).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("records.sorted", "users.txt", "offsets.txt");
        }
    }

    @Test
    void secondOpenReusesTheIndexWithoutRebuilding() throws IOException {
        // given
        Path input = Files.writeString(dir.resolve("input.jsonl"), "{\"user_id\": \"a\", \"seq\": 1}\n");
        UserRecords.open(jsonl(input), workDir()).close();
        Path index = indexDirs().get(0).resolve("records.sorted");
        Object builtFile = Files.readAttributes(index, BasicFileAttributes.class).fileKey();
        FileTime builtAt = Files.getLastModifiedTime(index);

        // when
        try (UserRecords records = UserRecords.open(jsonl(input), workDir())) {

            // then
            assertThat(indexDirs()).hasSize(1);
            assertThat(Files.readAttributes(index, BasicFileAttributes.class).fileKey()).isEqualTo(builtFile);
            assertThat(Files.getLastModifiedTime(index)).isEqualTo(builtAt);
            assertThat(seqOf(records.recordsOf(new UserId("a")))).containsExactly(1);
        }
    }

    @Test
    void editedInputGetsAFreshIndex() throws IOException {
        // given
        Path input = Files.writeString(dir.resolve("input.jsonl"), "{\"user_id\": \"a\", \"seq\": 1}\n");
        UserRecords.open(jsonl(input), workDir()).close();
        Files.writeString(input, "{\"user_id\": \"a\", \"seq\": 2}\n{\"user_id\": \"b\", \"seq\": 3}\n");
        Files.setLastModifiedTime(input, FileTime.fromMillis(Files.getLastModifiedTime(input).toMillis() + 5_000));

        // when
        try (UserRecords records = UserRecords.open(jsonl(input), workDir())) {

            // then
            assertThat(indexDirs()).hasSize(2);
            assertThat(usersOf(records)).extracting(UserId::value).containsExactly("a", "b");
            assertThat(seqOf(records.recordsOf(new UserId("a")))).containsExactly(2);
        }
    }

    @Test
    void sameSizeEditDetectedByModificationTime() throws IOException {
        // given
        Path input = Files.writeString(dir.resolve("input.jsonl"), "{\"user_id\": \"a\", \"seq\": 1}\n");
        FileTime first = Files.getLastModifiedTime(input);
        UserRecords.open(jsonl(input), workDir()).close();
        Files.writeString(input, "{\"user_id\": \"b\", \"seq\": 1}\n");
        Files.setLastModifiedTime(input, FileTime.fromMillis(first.toMillis() + 5_000));

        // when
        try (UserRecords records = UserRecords.open(jsonl(input), workDir())) {

            // then
            assertThat(usersOf(records)).extracting(UserId::value).containsExactly("b");
        }
    }

    @Test
    void failedBuildLeavesNoIndexBehind() throws IOException {
        // given
        Path input = Files.writeString(dir.resolve("input.jsonl"), "{\"user_id\": \"a\"}\n{\"user_id\": \"b\"\n");

        // when
        assertThatThrownBy(() -> UserRecords.open(jsonl(input), workDir())).isInstanceOf(InputException.class);

        // then
        assertThat(indexDirs()).isEmpty();
    }

    @Test
    void concurrentOpensShareOneCompleteIndex() throws Exception {
        // given
        StringBuilder lines = new StringBuilder();
        for (int seq = 0; seq < 20_000; seq++) {
            lines.append("{\"user_id\": \"u").append(seq % 997).append("\", \"seq\": ").append(seq).append("}\n");
        }
        Path input = Files.writeString(dir.resolve("input.jsonl"), lines);
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        Callable<List<Integer>> openAndRead = () -> {
            start.await(10, TimeUnit.SECONDS);
            try (UserRecords records = UserRecords.open(jsonl(input), workDir())) {
                assertThat(usersOf(records)).hasSize(997);
                return seqOf(records.recordsOf(new UserId("u5")));
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);

        // when
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(openAndRead));
        }
        pool.shutdown();

        // then
        List<Integer> expected = new ArrayList<>();
        for (int seq = 5; seq < 20_000; seq += 997) {
            expected.add(seq);
        }
        for (Future<List<Integer>> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
        }
        assertThat(indexDirs()).hasSize(1).allMatch(p -> !p.getFileName().toString().contains(".building-"));
    }

    @Test
    void builderThatLosesThePublishingRaceUsesTheWinnersIndex() throws IOException {
        // given a build during which another open publishes the same index first
        Path input = Files.writeString(dir.resolve("input.jsonl"), "{\"user_id\": \"a\", \"seq\": 1}\n");
        Path workDir = workDir();
        JsonlIndexBuilder overtaken = new JsonlIndexBuilder(input, "user_id") {
            @Override
            Counts build(Path buildDir) throws IOException {
                IndexedJsonlRecords.open(new JsonlIndexBuilder(input, "user_id"), workDir).close();
                return super.build(buildDir);
            }
        };

        // when
        try (UserRecords records = IndexedJsonlRecords.open(overtaken, workDir)) {

            // then
            assertThat(indexDirs()).hasSize(1).allMatch(p -> !p.getFileName().toString().contains(".building-"));
            assertThat(seqOf(records.recordsOf(new UserId("a")))).containsExactly(1);
        }
    }

    @Test
    void concurrentLookupsReturnEachUsersOwnRecords() throws Exception {
        // given
        StringBuilder lines = new StringBuilder();
        for (int seq = 0; seq < 10_000; seq++) {
            lines.append("{\"user_id\": \"u").append(seq % 500).append("\", \"seq\": ").append(seq).append("}\n");
        }
        Path input = Files.writeString(dir.resolve("input.jsonl"), lines);
        try (UserRecords records = UserRecords.open(jsonl(input), workDir())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Boolean>> checks = new ArrayList<>();

            // when
            for (int partition = 0; partition < 4; partition++) {
                int first = partition;
                checks.add(pool.submit(() -> {
                    for (int user = first; user < 500; user += 4) {
                        List<Integer> seqs = seqOf(records.recordsOf(new UserId("u" + user)));
                        int expectedUser = user;
                        if (seqs.size() != 20 || !seqs.stream().allMatch(s -> s % 500 == expectedUser)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            pool.shutdown();

            // then
            for (Future<Boolean> check : checks) {
                assertThat(check.get(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
