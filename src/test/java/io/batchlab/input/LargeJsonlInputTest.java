package io.batchlab.input;

import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static io.batchlab.input.IndexedJsonlRecordsTest.jsonl;
import static org.assertj.core.api.Assertions.assertThat;

/** Heavy proof: 1,000,000 records of 200,000 users (5 each) in shuffled order. */
class LargeJsonlInputTest {

    private static final int USERS = 200_000;
    private static final int PER_USER = 5;
    private static final int RECORDS = USERS * PER_USER;

    @TempDir
    static Path dir;
    private static Path input;
    /** lineOf[record] = the 1-based input line of record (user = record % USERS, its n-th = record / USERS). */
    private static int[] lineOf;

    @BeforeAll
    static void writeShuffledInput() throws IOException {
        int[] recordAtLine = new int[RECORDS];
        Arrays.setAll(recordAtLine, i -> i);
        Random random = new Random(2024);
        for (int i = RECORDS - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = recordAtLine[i];
            recordAtLine[i] = recordAtLine[j];
            recordAtLine[j] = swap;
        }
        lineOf = new int[RECORDS];
        input = dir.resolve("cohort.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (int line = 1; line <= RECORDS; line++) {
                int record = recordAtLine[line - 1];
                lineOf[record] = line;
                out.write("{\"user_id\":" + userNumber(record % USERS) + ",\"line\":" + line
                        + ",\"text\":\"message " + record / USERS + " of this user\"}\n");
            }
        }
    }

    private static long userNumber(int user) {
        return 31_000_000L + user;
    }

    private static List<Integer> expectedLines(int user) {
        List<Integer> lines = new ArrayList<>();
        for (int n = 0; n < PER_USER; n++) {
            lines.add(lineOf[user + n * USERS]);
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void millionRecordsAreIndexedAndEveryUserGetsTheirRecordsInInputOrder() throws IOException {
        // given
        Path workDir = dir.resolve(".batchlab");

        // when
        try (UserRecords records = UserRecords.open(jsonl(input), workDir)) {

            // then every user once, sorted (the ids are equal-length digits, so numeric order is id order)
            Iterator<UserId> users = records.users();
            for (int user = 0; user < USERS; user++) {
                assertThat(users.next().value()).isEqualTo(Long.toString(userNumber(user)));
            }
            assertThat(users.hasNext()).isFalse();

            // and every 13th user, the first and the last get exactly their own records in input order
            for (int user = 0; user < USERS; user = user == USERS - 1 ? USERS : Math.min(user + 13, USERS - 1)) {
                List<JsonObject> found = records.recordsOf(new UserId(Long.toString(userNumber(user))));
                assertThat(found).extracting(r -> r.getInt("line")).isEqualTo(expectedLines(user));
                long expectedId = userNumber(user);
                assertThat(found).allMatch(r -> r.getJsonNumber("user_id").longValueExact() == expectedId);
            }
            assertThat(records.recordsOf(new UserId("30999999"))).isEmpty();
            assertThat(records.recordsOf(new UserId("31200000"))).isEmpty();
            assertThat(records.recordsOf(new UserId("z"))).isEmpty();
        }
    }
}
