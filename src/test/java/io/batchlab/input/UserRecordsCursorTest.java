package io.batchlab.input;

import io.batchlab.config.InputConfig;
import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserRecordsCursorTest {

    /** Users u000..u299; every fourth has no records, u100 has 30 KiB of records, u150 one record of 40 KiB. */
    private static final int USERS = 300;
    private static final String BIG_USER = "u100";
    private static final String HUGE_RECORD_USER = "u150";

    @TempDir
    Path dir;

    private Path input;
    /** Each user's record seqs in input order, as written. */
    private final Map<String, List<Integer>> expected = new LinkedHashMap<>();

    @BeforeEach
    void writeInput() throws IOException {
        List<String> lines = new ArrayList<>();
        int seq = 0;
        // round-robin over the users, as exports interleave them: the index must regroup every user
        for (int round = 0; round < 30; round++) {
            for (int user = 0; user < USERS; user++) {
                String id = id(user);
                int records = id.equals(BIG_USER) ? 30 : id.equals(HUGE_RECORD_USER) ? 1 : user % 4;
                if (round < records) {
                    int length = id.equals(BIG_USER) ? 1024 : id.equals(HUGE_RECORD_USER) ? 40 * 1024
                            : 100 + (user * 37) % 300;
                    lines.add("{\"user_id\": \"" + id + "\", \"seq\": " + seq + ", \"text\": \"é😀"
                            + "x".repeat(length) + "\"}");
                    expected.computeIfAbsent(id, k -> new ArrayList<>()).add(seq);
                    seq++;
                }
            }
        }
        input = Files.write(dir.resolve("input.jsonl"), lines, StandardCharsets.UTF_8);
    }

    private static String id(int user) {
        return String.format("u%03d", user);
    }

    private UserRecords open() throws IOException {
        return UserRecords.open(IndexedJsonlRecordsTest.jsonl(input), dir.resolve(".batchlab"));
    }

    private List<Integer> expectedOf(String id) {
        return expected.getOrDefault(id, List.of());
    }

    private static List<Integer> seqOf(List<JsonObject> records) {
        return records.stream().map(r -> r.getInt("seq")).toList();
    }

    /** Asks the cursor for {@code ids} in that order; each answer must equal the input and a plain lookup. */
    private void assertCursorAnswers(List<String> ids) throws IOException {
        try (UserRecords records = open(); UserRecords.Cursor cursor = records.recordsInOrder()) {
            for (String id : ids) {
                UserId user = new UserId(id);
                List<Integer> found = seqOf(cursor.recordsOf(user));
                assertThat(found).as("records of %s", id).isEqualTo(expectedOf(id));
                assertThat(found).as("records of %s by lookup", id).isEqualTo(seqOf(records.recordsOf(user)));
            }
        }
    }

    private List<String> allIds() {
        return IntStream.range(0, USERS).mapToObj(UserRecordsCursorTest::id).toList();
    }

    @Test
    void inputSpansManySparseOffsetsAndHasUsersLongerThanOneStride() throws IOException {
        // given
        open().close();

        // when
        Path index;
        try (Stream<Path> dirs = Files.list(dir.resolve(".batchlab/input-index"))) {
            index = dirs.findFirst().orElseThrow();
        }

        // then the premise of the other tests holds
        assertThat(Files.size(index.resolve(JsonlIndexBuilder.RECORDS)))
                .isGreaterThan(10 * JsonlIndexBuilder.OFFSET_STRIDE);
        assertThat(Files.readAllLines(index.resolve(JsonlIndexBuilder.OFFSETS))).hasSizeGreaterThan(6);
        assertThat(expectedOf(BIG_USER)).hasSize(30);
        assertThat(expectedOf("u004")).isEmpty();
    }

    @Test
    void ascendingIdsGetEachUsersRecordsInInputOrder() throws IOException {
        assertCursorAnswers(allIds());
    }

    @Test
    void idsInShuffledOrderGetTheSameRecords() throws IOException {
        // given
        List<String> ids = new ArrayList<>(allIds());
        Collections.shuffle(ids, new Random(7));

        // when / then
        assertCursorAnswers(ids);
    }

    @Test
    void descendingIdsGetTheSameRecords() throws IOException {
        // given
        List<String> ids = new ArrayList<>(allIds());
        Collections.reverse(ids);

        // when / then
        assertCursorAnswers(ids);
    }

    @Test
    void sameUserTwiceInARowGetsItsRecordsBothTimes() throws IOException {
        assertCursorAnswers(List.of("u001", "u001", BIG_USER, BIG_USER, HUGE_RECORD_USER, HUGE_RECORD_USER));
    }

    @Test
    void ascendingIdsFarApartJumpAheadAndStillFindEveryRecord() throws IOException {
        // given every 23rd user: gaps of several strides
        List<String> ids = IntStream.range(0, USERS).filter(user -> user % 23 == 1).mapToObj(UserRecordsCursorTest::id)
                .toList();

        // when / then
        assertCursorAnswers(ids);
    }

    @Test
    void unknownIdsBeforeBetweenAndAfterTheUsersHaveNoRecordsAndDoNotDisturbLaterLookups() throws IOException {
        assertCursorAnswers(List.of("a", "u001", "u001x", "u002", "u004", BIG_USER, "u100a", "u101", "zzz", "u002",
                "u003", "a", "u199", "u2"));
    }

    @Test
    void usersWithRecordsSpanningAStrideBoundaryAreReadWhole() throws IOException {
        assertCursorAnswers(List.of("u098", "u099", BIG_USER, "u101", "u149", HUGE_RECORD_USER, "u151"));
    }

    @Test
    void recordsKeepTheirUnicodeText() throws IOException {
        // given
        try (UserRecords records = open(); UserRecords.Cursor cursor = records.recordsInOrder()) {

            // when
            List<JsonObject> found = cursor.recordsOf(new UserId(HUGE_RECORD_USER));

            // then
            assertThat(found).singleElement().satisfies(record ->
                    assertThat(record.getString("text")).isEqualTo("é😀" + "x".repeat(40 * 1024)));
        }
    }

    @Test
    void sampledInputsCursorServesTheSampledUsers() throws IOException {
        // given
        InputConfig sampled = new InputConfig(InputConfig.Kind.JSONL, input, "user_id",
                InputConfig.Requests.PER_RECORD, OptionalInt.of(20), 3);
        try (UserRecords records = UserRecords.open(sampled, dir.resolve(".batchlab"));
             UserRecords.Cursor cursor = records.recordsInOrder()) {
            List<UserId> sample = new ArrayList<>();
            records.users().forEachRemaining(sample::add);

            // when
            Map<String, List<Integer>> found = new LinkedHashMap<>();
            for (UserId user : sample) {
                found.put(user.value(), seqOf(cursor.recordsOf(user)));
            }

            // then
            assertThat(found).hasSize(20);
            found.forEach((id, seqs) -> assertThat(seqs).as("records of %s", id).isEqualTo(expectedOf(id)));
        }
    }

    @Test
    void directoryInputsCursorReadsEachUsersFile() throws IOException {
        // given
        Path users = Files.createDirectories(dir.resolve("users"));
        Files.writeString(users.resolve("b.jsonl"), "{\"seq\": 1}\n{\"seq\": 2}\n");
        Files.writeString(users.resolve("a.json"), "[{\"seq\": 3}]");
        InputConfig directory = new InputConfig(InputConfig.Kind.DIRECTORY, users, "user_id",
                InputConfig.Requests.PER_RECORD, OptionalInt.empty(), 0);

        // when
        try (UserRecords records = UserRecords.open(directory, dir.resolve(".batchlab"));
             UserRecords.Cursor cursor = records.recordsInOrder()) {

            // then
            assertThat(seqOf(cursor.recordsOf(new UserId("b")))).containsExactly(1, 2);
            assertThat(seqOf(cursor.recordsOf(new UserId("a")))).containsExactly(3);
            assertThat(cursor.recordsOf(new UserId("c"))).isEmpty();
        }
    }

    @Test
    void damagedIndexLineIsAnErrorNamingTheIndexFile() throws IOException {
        // given an index whose records file lost the tab of a line
        open().close();
        Path recordsFile;
        try (Stream<Path> dirs = Files.list(dir.resolve(".batchlab/input-index"))) {
            recordsFile = dirs.findFirst().orElseThrow().resolve(JsonlIndexBuilder.RECORDS);
        }
        String text = Files.readString(recordsFile);
        Files.writeString(recordsFile, text.replaceFirst("u001\t", "u001 "));

        // when / then
        try (UserRecords records = open(); UserRecords.Cursor cursor = records.recordsInOrder()) {
            assertThatThrownBy(() -> cursor.recordsOf(new UserId("u001"))).isInstanceOf(InputException.class)
                    .hasMessageContaining(recordsFile.toString()).hasMessageContaining("no user id");
        }
    }
}
