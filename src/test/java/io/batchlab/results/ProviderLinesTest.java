package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderLinesTest {

    @TempDir
    Path dir;

    @Test
    void aLineThatIsNotUtf8IsAProblemAndTheOtherLinesAreRead() throws IOException {
        // given: line 2 carries a lone 0xFF byte inside an answer, lines 1 and 3 are fine; CRLF line ends
        Path output = dir.resolve("output.jsonl");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((line("r00001", "favor") + "\r\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(line("r00002", "aga").getBytes(StandardCharsets.UTF_8));
        bytes.write(0xFF);
        bytes.writeBytes("inst\r\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(line("r00003", "ünentschieden").getBytes(StandardCharsets.UTF_8));
        Files.write(output, bytes.toByteArray());

        // when
        ProviderLines lines = ProviderLines.read(output);

        // then
        assertThat(lines.problems()).containsExactly("output.jsonl line 2: not valid UTF-8");
        assertThat(lines.resultOf("r00001", "key")).map(RequestResult::succeeded).contains(true);
        assertThat(lines.resultOf("r00002", "key")).isEmpty();
        assertThat(lines.resultOf("r00003", "key")).map(r -> r.toJson().getString("answer")).contains("ünentschieden");
    }

    @Test
    void aTruncatedMultiByteCharacterAtTheEndOfTheFileIsAProblemOfTheLastLine() throws IOException {
        // given: the file ends in the middle of a two-byte character, without a line break
        Path output = dir.resolve("output.jsonl");
        byte[] last = "{\"custom_id\":\"r00002\",\"x\":\"ü".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((line("r00001", "favor") + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.write(last, 0, last.length - 1);
        Files.write(output, bytes.toByteArray());

        // when
        ProviderLines lines = ProviderLines.read(output);

        // then
        assertThat(lines.problems()).containsExactly("output.jsonl line 2: not valid UTF-8");
        assertThat(lines.resultOf("r00001", "key")).isPresent();
    }

    @Test
    void blankLinesAreSkippedButCounted() throws IOException {
        // given
        Path output = dir.resolve("output.jsonl");
        Files.writeString(output, "\n" + line("r00001", "favor") + "\n\n{broken\n", StandardCharsets.UTF_8);

        // when
        ProviderLines lines = ProviderLines.read(output);

        // then
        assertThat(lines.resultOf("r00001", "key")).isPresent();
        assertThat(lines.problems()).singleElement().asString().startsWith("output.jsonl line 4: unreadable JSON");
    }

    private static String line(String customId, String answer) {
        return RequestResultTest.line(customId, RequestResultTest.response(200,
                AnswerTest.completion(AnswerTest.message(answer), "stop")), JsonValue.NULL).toString();
    }
}
