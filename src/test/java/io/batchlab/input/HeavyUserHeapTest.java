package io.batchlab.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.config.InputConfig;
import io.batchlab.store.ChildJvm;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heavy proof: a user with a million records (about 300 MB as parsed objects) is refused at the record limit by a JVM
 * whose heap (64 MB) could not hold them, so reading a user whole before checking the limit fails this test.
 */
class HeavyUserHeapTest {

    private static final int HEAVY_RECORDS = 1_000_000;
    private static final String CHILD_HEAP = "-Xmx64m";

    @TempDir
    Path dir;

    @Test
    void aUserWithAMillionRecordsIsRefusedAtTheLimitInASmallHeap() throws Exception {
        // given: the heavy user between two light ones, indexed here (the index build is not what is measured)
        Path input = dir.resolve("posts.jsonl");
        try (Writer out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            out.write("{\"user_id\": \"a\", \"seq\": 0, \"text\": \"light\"}\n");
            for (int seq = 0; seq < HEAVY_RECORDS; seq++) {
                out.write("{\"user_id\": \"heavy\", \"seq\": " + seq + ", \"text\": \"post number " + seq + "\"}\n");
            }
            out.write("{\"user_id\": \"z\", \"seq\": 0, \"text\": \"light\"}\n");
        }
        Path work = dir.resolve("experiments/.batchlab");
        UserRecords.open(new InputConfig(InputConfig.Kind.JSONL, input, "user_id", InputConfig.Requests.PER_RECORD,
                OptionalInt.empty(), 0), work).close();

        // when: the job's limit of 50,000 records
        List<String> output = runChild(input.toString(), work.toString(), "heavy", "50000");

        // then
        assertThat(output).contains("refused=user heavy has more than 50000 records in posts.jsonl (reading stopped "
                + "there); the child's limit");
    }

    private static List<String> runChild(String... args) throws IOException, InterruptedException {
        return ChildJvm.run(CHILD_HEAP, ReadHeavyUserInChildJvm.class, args);
    }
}
