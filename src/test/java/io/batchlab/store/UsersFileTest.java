package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsersFileTest {

    @TempDir
    Path dir;

    private static Iterator<UserId> ids(String... raw) {
        return Stream.of(raw).map(id -> UserId.of(id, "test")).iterator();
    }

    private static List<String> readAll(Path file) throws IOException {
        List<String> read = new ArrayList<>();
        try (UsersFile.Cursor users = UsersFile.open(file)) {
            users.forEachRemaining(user -> read.add(user.value()));
        }
        return read;
    }

    @Test
    void writesTheSeedShapeAndReadsItBack() throws IOException {
        // given
        Path file = dir.resolve("users.json");

        // when
        long written = UsersFile.write(file, ids("31499533", "31499534"));

        // then
        assertThat(written).isEqualTo(2);
        assertThat(file).hasContent("""
                {
                    "users": [
                        "31499533",
                        "31499534"
                    ]
                }""");
        assertThat(readAll(file)).containsExactly("31499533", "31499534");
        assertThat(UsersFile.count(file)).isEqualTo(2);
    }

    @Test
    void readsTheSeedExampleWrittenOnOneLine() throws IOException {
        // given
        Path file = dir.resolve("users.json");
        Files.writeString(file, "{\"users\": [\"31499533\", \"31499534\"]}");

        // then
        assertThat(readAll(file)).containsExactly("31499533", "31499534");
    }

    @Test
    void anEmptyListIsValid() throws IOException {
        // given
        Path file = dir.resolve("users.json");

        // when
        long written = UsersFile.write(file, ids());

        // then
        assertThat(written).isZero();
        assertThat(readAll(file)).isEmpty();
    }

    @Test
    void duplicateIsRejectedNamingTheFirstRepeatedIdAndKeepsThePreviousFile() throws IOException {
        // given
        Path file = dir.resolve("users.json");
        UsersFile.write(file, ids("1"));

        // when / then
        assertThatThrownBy(() -> UsersFile.write(file, ids("7", "8", "9", "8", "7", "9")))
                .isInstanceOfSatisfying(DuplicateUserException.class,
                        e -> assertThat(e.userId()).isEqualTo(UserId.of("8", "test")))
                .hasMessageContaining("user id '8' appears twice")
                .hasMessageContaining("entries 2 and 4")
                .hasMessageContaining(file.toString());
        assertThat(readAll(file)).containsExactly("1");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void cursorCountsPositionAndSkipsToACheckpoint() throws IOException {
        // given
        Path file = dir.resolve("users.json");
        UsersFile.write(file, ids("a", "b", "c", "d", "e"));

        try (UsersFile.Cursor users = UsersFile.open(file)) {
            // when
            users.next();
            users.skip(2);

            // then
            assertThat(users.position()).isEqualTo(3);
            assertThat(users.next().value()).isEqualTo("d");
            assertThat(users.position()).isEqualTo(4);
            assertThat(users.next().value()).isEqualTo("e");
            assertThat(users.hasNext()).isFalse();
            assertThatThrownBy(users::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void skippingBeyondTheEndNamesTheFileAndSize() throws IOException {
        // given
        Path file = dir.resolve("users.json");
        UsersFile.write(file, ids("a", "b"));

        try (UsersFile.Cursor users = UsersFile.open(file)) {
            // then
            assertThatThrownBy(() -> users.skip(5)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot skip to entry 5 of " + file)
                    .hasMessageContaining("has only 2 user ids");
        }
    }

    @Test
    void anInvalidIdNamesTheFileAndEntry() throws IOException {
        // given
        Path file = dir.resolve("users.json");
        Files.writeString(file, "{\"users\": [\"ok\", \"../etc\"]}");

        try (UsersFile.Cursor users = UsersFile.open(file)) {
            users.next();

            // then
            assertThatThrownBy(users::next).isInstanceOf(InvalidUserIdException.class)
                    .hasMessageContaining("'../etc' in " + file + " entry 2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`[\"31499533\"]`                  | 1 | 2 | expected an object, found an array",
            "`{}`                              | 1 | 3 | expected the key \"users\", found the end of the object",
            "`{\"ids\": []}`                   | 1 | 7 | expected the key \"users\", found 'ids'",
            "`{\"users\": {}}`                 | 1 | 12 | expected an array of user ids after \"users\", found an object",
            "`{\"users\": [\n  \"1\",\n  2]}`  | 3 | 4 | expected a user id string or the end of the array, found a number at entry 2",
            "`{\"users\": [null]}`             | 1 | 16 | found null at entry 1",
            "`{\"users\": [], \"more\": 1}`    | 1 | 21 | expected the end of the object after the users array",
            "`{\"users\": [\"1\",]}`           | 1 | 16 | invalid JSON",
            "`{\"users\": [\"1\"`              | 1 |   | invalid JSON (Invalid token=EOF",
            "`not json`                        | 1 | 2 | invalid JSON",
            "`{\"users\": []} {}`              | 1 | 15 | invalid JSON",
    })
    void malformedFilesAreNamedWithLineColumnAndTheExpectedShape(String content, long line, Long column,
            String problem) throws IOException {
        // given
        Path file = dir.resolve("users.json");
        Files.writeString(file, content.translateEscapes());

        // then
        assertThatThrownBy(() -> UsersFile.count(file))
                .isInstanceOf(UsersFileException.class)
                .hasMessageStartingWith(file + " line " + line + ", column ")
                .satisfies(e -> {
                    if (column != null) { // Parsson reports no usable column at the end of the input
                        assertThat(e).hasMessageStartingWith(file + " line " + line + ", column " + column + ": ");
                    }
                })
                .hasMessageContaining(problem)
                .hasMessageEndingWith("expected the shape {\"users\": [\"31499533\", \"31499534\"]}");
    }

    @Test
    void anEmptyFileIsNamed() throws IOException {
        // given
        Path file = dir.resolve("users.json");
        Files.writeString(file, "");

        // then
        assertThatThrownBy(() -> UsersFile.open(file)).isInstanceOf(UsersFileException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("invalid JSON (Invalid token=EOF");
    }

    @Test
    void aFileSavedAsUtf16IsNamedAsNotUtf8WithWhere() throws IOException {
        // given: what some Windows editors save as "Unicode"
        Path file = dir.resolve("users.json");
        Files.writeString(file, "\uFEFF{\"users\": [\"31499533\"]}", java.nio.charset.StandardCharsets.UTF_16LE);

        // then
        assertThatThrownBy(() -> UsersFile.count(file)).isInstanceOf(UsersFileException.class)
                .hasMessage(file + " is not UTF-8: byte 0xFF at line 1, byte offset 0; save the users file as UTF-8");
    }

    @Test
    void aMillionIdsStreamThroughBothWays() throws IOException {
        // given
        Path file = dir.resolve("users.json");
        long million = 1_000_000;
        Iterator<UserId> generated = LongStream.range(0, million)
                .mapToObj(i -> new UserId(Long.toString(30_000_000 + i))).iterator();

        // when
        long written = UsersFile.write(file, generated);

        // then
        assertThat(written).isEqualTo(million);
        try (UsersFile.Cursor users = UsersFile.open(file)) {
            String firstMismatch = null;
            for (long expected = 30_000_000; users.hasNext() && firstMismatch == null; expected++) {
                String read = users.next().value();
                if (!read.equals(Long.toString(expected))) {
                    firstMismatch = "entry " + users.position() + " is " + read + ", expected " + expected;
                }
            }
            assertThat(firstMismatch).isNull();
            assertThat(users.position()).isEqualTo(million);
        }
    }
}
