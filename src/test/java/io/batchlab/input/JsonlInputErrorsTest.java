package io.batchlab.input;

import static io.batchlab.input.IndexedJsonlRecordsTest.jsonl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonlInputErrorsTest {

    private static final String GOOD = "{\"user_id\": \"a\", \"seq\": 1}\n";

    @TempDir
    Path dir;

    private InputException openFails(Path input) {
        return catchThrowableOfType(InputException.class,
                () -> UserRecords.open(jsonl(input), dir.resolve(".batchlab")).close());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            invalid JSON                 | {"user_id": "b", }             | invalid JSON at column
            truncated object             | {"user_id": "b"                | invalid JSON
            trailing garbage             | {"user_id": "b"} x             | invalid JSON
            array instead of object      | [1, 2]                         | a JSON array, not an object
            string instead of object     | "b"                            | a JSON string, not an object
            missing user-id field        | {"userId": "b"}                | missing user-id field 'user_id'
            null user id                 | {"user_id": null}              | is 'null' (null): use a string or an integer
            boolean user id              | {"user_id": true}              | is 'true' (true): use a string or an integer
            fractional number user id    | {"user_id": 3.5}               | is '3.5' (number): use a string or an integer
            object user id               | {"user_id": {"id": 1}}         | (object): use a string or an integer
            user id with a slash         | {"user_id": "../etc"}          | invalid user id '../etc'
            empty user id                | {"user_id": ""}                | invalid user id '' (empty)
            """)
    void badLineIsNamedByFileAndLine(String problem, String badLine, String message) throws IOException {
        // given the bad line is line 4, after a good line and two blank ones
        Path input = Files.writeString(dir.resolve("input.jsonl"), GOOD + "\n   \n" + badLine + "\n" + GOOD);

        // when
        InputException e = openFails(input);

        // then
        assertThat(e.file()).isEqualTo(input.toAbsolutePath());
        assertThat(e.line()).isEqualTo(4);
        assertThat(e).hasMessageContaining(input.toAbsolutePath() + " line 4").hasMessageContaining(message);
    }

    @Test
    void nonUtf8BytesAreReportedWithTheirLine() throws IOException {
        // given
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((GOOD + GOOD).getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("{\"user_id\": \"b\", \"text\": \"caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // 'é' in Latin-1
        bytes.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(GOOD.getBytes(StandardCharsets.UTF_8));
        Path input = Files.write(dir.resolve("input.jsonl"), bytes.toByteArray());

        // when
        InputException e = openFails(input);

        // then
        assertThat(e.line()).isEqualTo(3);
        assertThat(e).hasMessageContaining(input.toAbsolutePath() + " line 3").hasMessageContaining("not valid UTF-8");
    }

    @Test
    void nonUtf8BytesDeepInALargeFileAreReportedWithTheirLine() throws IOException {
        // given a bad byte far beyond the first read buffers
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++) {
            bytes.writeBytes(GOOD.getBytes(StandardCharsets.UTF_8));
        }
        bytes.writeBytes("{\"user_id\": \"b\", \"text\": \"".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xFF);
        bytes.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        Path input = Files.write(dir.resolve("input.jsonl"), bytes.toByteArray());

        // when
        InputException e = openFails(input);

        // then
        assertThat(e.line()).isEqualTo(20_001);
    }

    @Test
    void aLineLongerThanTheBoundIsRefusedWithItsNumberBeforeItIsReadWhole() throws IOException {
        // given: a good line, then one of 108 bytes under a bound of 100
        Path input = Files.writeString(dir.resolve("input.jsonl"), GOOD + "{\"user_id\": \"b\", \"text\": \""
                + "x".repeat(80) + "\"}\n" + GOOD);

        // when
        InputException e;
        try (Utf8Lines lines = Utf8Lines.open(input, 100)) {
            assertThat(lines.next()).isEqualTo(GOOD.strip());
            e = catchThrowableOfType(InputException.class, lines::next);
        }

        // then
        assertThat(e.line()).isEqualTo(2);
        assertThat(e).hasMessage(input + " line 2: the line is longer than 100 bytes, the most one line may have "
                + "(is a line break missing?)");
    }

    @Test
    void anEndlessLineIsRefusedAtTheDefaultBound() throws IOException {
        // given: /dev/zero never ends and has no line break; reading it whole would never finish
        Path endless = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(endless), "needs /dev/zero");

        // when
        InputException e;
        try (JsonlFile file = JsonlFile.open(endless)) {
            e = catchThrowableOfType(InputException.class, file::next);
        }

        // then
        assertThat(e).hasMessageContaining("line 1: the line is longer than " + Utf8Lines.MAX_LINE_BYTES + " bytes");
    }

    @Test
    void missingFileIsNamed() {
        // given
        Path input = dir.resolve("nowhere.jsonl");

        // when
        InputException e = openFails(input);

        // then
        assertThat(e.file()).isEqualTo(input.toAbsolutePath());
        assertThat(e).hasMessage(input.toAbsolutePath() + ": file not found (input kind JSONL needs one .jsonl file)");
    }

    @Test
    void directoryGivenAsJsonlInputIsRejected() throws IOException {
        // given
        Path input = Files.createDirectory(dir.resolve("users"));

        // when
        InputException e = openFails(input);

        // then
        assertThat(e).hasMessageContaining(input.toAbsolutePath() + ": not a regular file")
                .hasMessageContaining("use kind DIRECTORY");
    }
}
