package io.batchlab.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.config.InputConfig;
import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One heavy user: reading stops at the first record past the limit. Each test damages the input right after the
 * limit, so a reader that read on would fail on the damage instead of stopping at the limit.
 */
class RecordLimitTest {

    private static final RecordLimit THREE_RECORDS = new RecordLimit(3, 1_000_000, "at most 3 for this test");

    @TempDir
    Path dir;

    @Test
    void aDirectoryUsersJsonlStopsAtTheRecordPastTheLimit() throws Exception {
        // given: heavy.jsonl has 4 good records, then a line that is not JSON
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.writeString(input.resolve("heavy.jsonl"), records("heavy", 4) + "not json at all\n");
        Files.writeString(input.resolve("light.jsonl"), records("light", 3));

        try (UserRecords users = UserRecords.open(directory(input), dir.resolve("work"))) {
            // when / then
            assertThatThrownBy(() -> users.recordsOf(new UserId("heavy"), THREE_RECORDS))
                    .isInstanceOf(RecordLimitException.class)
                    .hasMessage("user heavy has more than 3 records in heavy.jsonl (reading stopped there); "
                            + "at most 3 for this test");
            assertThat(seqOf(users.recordsOf(new UserId("light"), THREE_RECORDS))).containsExactly(0, 1, 2);
        }
    }

    @Test
    void aDirectoryUsersJsonArrayStopsAtTheRecordPastTheByteLimit() throws IOException {
        // given: records of about 40 characters; the array's end is missing, which reading on would find
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.writeString(input.resolve("heavy.json"), "[" + "{\"user_id\": \"heavy\", \"seq\": 1, \"t\": \"x\"},"
                .repeat(10));
        RecordLimit hundredBytes = new RecordLimit(1_000, 100, "at most 100 bytes for this test");

        try (UserRecords users = UserRecords.open(directory(input), dir.resolve("work"))) {
            // when / then
            assertThatThrownBy(() -> users.recordsOf(new UserId("heavy"), hundredBytes))
                    .isInstanceOf(RecordLimitException.class)
                    .hasMessage("user heavy has more than 100 bytes of records in heavy.json (reading stopped "
                            + "there); at most 100 bytes for this test");
        }
    }

    @Test
    void anIndexedInputStopsAtTheRecordPastTheLimitAndTheCursorGoesOnWithTheNextUser() throws Exception {
        // given: heavy has 1,000 records between light users; its records past the 4th are damaged in the index
        Path input = dir.resolve("posts.jsonl");
        try (Writer out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            out.write(records("a-light", 2));
            out.write(records("heavy", 1_000));
            out.write(records("z-light", 2));
        }
        Path work = dir.resolve("experiments/.batchlab");
        try (UserRecords users = UserRecords.open(jsonl(input), work)) {
            damageRecordsOfHeavyAfterTheFourth(work);

            // when
            try (UserRecords.Cursor cursor = users.recordsInOrder()) {
                List<Integer> first = seqOf(cursor.recordsOf(new UserId("a-light"), THREE_RECORDS));

                // then
                assertThatThrownBy(() -> cursor.recordsOf(new UserId("heavy"), THREE_RECORDS))
                        .isInstanceOf(RecordLimitException.class)
                        .hasMessage("user heavy has more than 3 records in posts.jsonl (reading stopped there); "
                                + "at most 3 for this test");
                assertThat(first).containsExactly(0, 1);
                assertThat(seqOf(cursor.recordsOf(new UserId("z-light"), THREE_RECORDS))).containsExactly(0, 1);
            }
        }
    }

    @Test
    void withoutALimitEveryRecordIsRead() throws IOException {
        // given
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.writeString(input.resolve("heavy.jsonl"), records("heavy", 1_000));

        try (UserRecords users = UserRecords.open(directory(input), dir.resolve("work"))) {
            // when / then
            assertThat(users.recordsOf(new UserId("heavy"))).hasSize(1_000);
        }
    }

    /** Removes the tab of every heavy line after its 4th: reading any of them fails with "damaged input index". */
    private static void damageRecordsOfHeavyAfterTheFourth(Path work) throws IOException {
        Path records;
        try (Stream<Path> found = Files.walk(work.resolve("input-index"))) {
            records = found.filter(p -> p.getFileName().toString().equals(JsonlIndexBuilder.RECORDS)).findFirst()
                    .orElseThrow();
        }
        List<String> lines = Files.readAllLines(records, StandardCharsets.UTF_8);
        int heavy = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("heavy\t") && ++heavy > 4) {
                lines.set(i, lines.get(i).replace('\t', ' '));
            }
        }
        Files.write(records, lines, StandardCharsets.UTF_8);
    }

    private static String records(String user, int count) {
        StringBuilder text = new StringBuilder();
        for (int seq = 0; seq < count; seq++) {
            text.append("{\"user_id\": \"").append(user).append("\", \"seq\": ").append(seq).append("}\n");
        }
        return text.toString();
    }

    private static InputConfig directory(Path input) {
        return new InputConfig(InputConfig.Kind.DIRECTORY, input, "user_id", InputConfig.Requests.PER_USER,
                OptionalInt.empty(), 0);
    }

    private static InputConfig jsonl(Path input) {
        return new InputConfig(InputConfig.Kind.JSONL, input, "user_id", InputConfig.Requests.PER_RECORD,
                OptionalInt.empty(), 0);
    }

    private static List<Integer> seqOf(List<JsonObject> records) {
        return records.stream().map(r -> r.getInt("seq")).toList();
    }
}
