package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackOutputTest {

    @TempDir
    Path dir;

    @Test
    void splitsAPacksLinesByUserInTheirOrderWithEachUsersOwnCustomIds() throws IOException {
        // given: three users' answers, interleaved, as the provider may return them
        Path file = dir.resolve("pack-000000000.output.jsonl");
        Files.writeString(file, """
                {"id":"batch_req_1","custom_id":"u-2:r00001","response":{"status_code":200}}
                {"id":"batch_req_2","custom_id":"u1:r00002","response":{"status_code":200}}
                {"id":"batch_req_3","custom_id":"u1:r00001","response":{"status_code":200,"body":"é"}}

                {"id":"batch_req_4","custom_id":"u_3:user","response":{"status_code":200}}
                """, StandardCharsets.UTF_8);

        // when
        try (PackOutput output = PackOutput.index(file)) {
            List<String> first = Files.readAllLines(output.linesOf("u1", dir.resolve("u1.jsonl")));
            List<String> second = Files.readAllLines(output.linesOf("u-2", dir.resolve("u-2.jsonl")));
            List<String> none = Files.readAllLines(output.linesOf("u9", dir.resolve("u9.jsonl")));

            // then
            assertThat(first).containsExactly(
                    "{\"id\":\"batch_req_2\",\"custom_id\":\"r00002\",\"response\":{\"status_code\":200}}",
                    "{\"id\":\"batch_req_3\",\"custom_id\":\"r00001\",\"response\":{\"status_code\":200,\"body\":\"é\"}}");
            assertThat(second).containsExactly(
                    "{\"id\":\"batch_req_1\",\"custom_id\":\"r00001\",\"response\":{\"status_code\":200}}");
            assertThat(none).isEmpty();
            assertThat(output.problemsOf("u1")).isEmpty();
        }
    }

    @Test
    void aBrokenLineIsItsUsersProblemWhenItsCustomIdShowsElseEveryUsers() throws IOException {
        // given: a line cut in half after its custom_id, one cut before it, one without a user, a good one, and one
        // not UTF-8 whose custom_id still shows
        Path file = dir.resolve("pack-000000007.output.jsonl");
        byte[] notUtf8 = "{\"custom_id\":\"u1:r00003\",\"x\":\"\u00ff\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, (String.join("\n",
                "{\"id\":\"batch_req_1\",\"custom_id\":\"u1:r00001\",\"response\":{\"status_",
                "{\"id\":\"batch_req_2\",\"cus",
                "{\"id\":\"batch_req_3\",\"custom_id\":\"r00001\"}",
                "{\"id\":\"batch_req_4\",\"custom_id\":\"u2:r00001\"}") + "\n").getBytes(StandardCharsets.UTF_8));
        Files.write(file, notUtf8, java.nio.file.StandardOpenOption.APPEND);

        // when
        try (PackOutput output = PackOutput.index(file)) {
            // then: u1 sees its own two broken lines and the two nobody can be told from; u2 only those two
            assertThat(output.problemsOf("u2")).containsExactly(
                    "pack-000000007.output.jsonl line 2: unreadable JSON (" + problemDetail(output, 2) + ")",
                    "pack-000000007.output.jsonl line 3: custom_id r00001 names no user of the pack");
            assertThat(output.problemsOf("u1")).hasSize(4).containsAll(output.problemsOf("u2"))
                    .contains("pack-000000007.output.jsonl line 5: not valid UTF-8")
                    .anyMatch(problem -> problem.startsWith("pack-000000007.output.jsonl line 1: unreadable JSON"));
            assertThat(Files.readAllLines(output.linesOf("u2", dir.resolve("u2.jsonl"))))
                    .containsExactly("{\"id\":\"batch_req_4\",\"custom_id\":\"r00001\"}");
        }
    }

    @Test
    void noFileFromTheProviderSplitsIntoNoFiles() throws IOException {
        try (PackOutput output = PackOutput.index(null)) {
            assertThat(output.linesOf("u1", dir.resolve("u1.jsonl"))).isNull();
            assertThat(output.problemsOf("u1")).isEmpty();
        }
    }

    /** The parser's own words for line {@code n}'s problem, whatever they are. */
    private static String problemDetail(PackOutput output, int n) {
        String prefix = "pack-000000007.output.jsonl line " + n + ": unreadable JSON (";
        return output.problemsOf("nobody").stream().filter(p -> p.startsWith(prefix)).findFirst().orElseThrow()
                .substring(prefix.length()).replaceAll("\\)$", "");
    }
}
