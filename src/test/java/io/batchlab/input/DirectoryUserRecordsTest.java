package io.batchlab.input;

import io.batchlab.config.InputConfig;
import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DirectoryUserRecordsTest {

    @TempDir
    Path dir;

    private UserRecords open() throws IOException {
        return UserRecords.open(new InputConfig(InputConfig.Kind.DIRECTORY, dir, "user_id",
                InputConfig.Requests.PER_USER, OptionalInt.empty(), 0), dir.resolve("work"));
    }

    private static List<String> usersOf(UserRecords records) {
        List<String> users = new ArrayList<>();
        records.users().forEachRemaining(user -> users.add(user.value()));
        return users;
    }

    private static List<Integer> seqOf(List<JsonObject> records) {
        return records.stream().map(r -> r.getInt("seq")).toList();
    }

    @Test
    void usersAreTheFileNamesSortedAndRecordsComeFromTheirFile() throws IOException {
        // given
        Files.writeString(dir.resolve("31499534.jsonl"), "{\"seq\": 1}\n\n{\"seq\": 2}\n");
        Files.writeString(dir.resolve("31499533.json"), "[\n  {\"seq\": 3},\n  {\"seq\": 4}\n]\n");
        Files.writeString(dir.resolve("alice.json"), "[]");
        Files.writeString(dir.resolve(".DS_Store"), "ignored");

        // when
        try (UserRecords records = open()) {

            // then
            assertThat(usersOf(records)).containsExactly("31499533", "31499534", "alice");
            assertThat(seqOf(records.recordsOf(new UserId("31499534")))).containsExactly(1, 2);
            assertThat(seqOf(records.recordsOf(new UserId("31499533")))).containsExactly(3, 4);
            assertThat(records.recordsOf(new UserId("alice"))).isEmpty();
            assertThat(records.recordsOf(new UserId("nobody"))).isEmpty();
        }
    }

    @Test
    void fileOfAnotherKindIsNamed() throws IOException {
        // given
        Files.writeString(dir.resolve("a.jsonl"), "{}\n");
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");

        // when
        try (UserRecords records = open()) {
            InputException e = catchThrowableOfType(InputException.class, records::users);

            // then
            assertThat(e.file()).isEqualTo(notes);
            assertThat(e).hasMessage(notes + ": unexpected file: the directory may only hold USER_ID.jsonl"
                    + " or USER_ID.json files");
        }
    }

    @Test
    void subdirectoryIsRejected() throws IOException {
        // given
        Path sub = Files.createDirectory(dir.resolve("b.json"));

        // when
        try (UserRecords records = open()) {

            // then
            assertThatThrownBy(records::users).isInstanceOf(InputException.class)
                    .hasMessageStartingWith(sub + ": not a file");
        }
    }

    @Test
    void fileNameThatIsNoValidUserIdIsNamed() throws IOException {
        // given
        Path bad = Files.writeString(dir.resolve("user 1.jsonl"), "{}\n");

        // when
        try (UserRecords records = open()) {

            // then
            assertThatThrownBy(records::users).isInstanceOf(InputException.class)
                    .hasMessageContaining("invalid user id 'user 1' in " + bad);
        }
    }

    @Test
    void userWithBothFileKindsIsAmbiguous() throws IOException {
        // given
        Files.writeString(dir.resolve("a.jsonl"), "{}\n");
        Files.writeString(dir.resolve("a.json"), "[]");

        // when
        try (UserRecords records = open()) {

            // then
            assertThatThrownBy(records::users).isInstanceOf(InputException.class)
                    .hasMessageContaining("keep either USER_ID.jsonl or USER_ID.json, not both");
        }
    }

    @Test
    void badJsonlLineIsNamedByFileAndLine() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"seq\": 1}\n\n[2]\n");

        // when
        try (UserRecords records = open()) {
            InputException e = catchThrowableOfType(InputException.class,
                    () -> records.recordsOf(new UserId("a")));

            // then
            assertThat(e.line()).isEqualTo(3);
            assertThat(e).hasMessageStartingWith(file + " line 3: a JSON array, not an object");
        }
    }

    @Test
    void jsonFileThatIsNotAnArrayIsRejected() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("a.json"), "{\"seq\": 1}");

        // when
        try (UserRecords records = open()) {

            // then
            assertThatThrownBy(() -> records.recordsOf(new UserId("a"))).isInstanceOf(InputException.class)
                    .hasMessageStartingWith(file + " line 1: the file must be a JSON array of records");
        }
    }

    @Test
    void arrayElementThatIsNotAnObjectIsNamedByLine() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("a.json"), "[\n {\"seq\": 1},\n 42\n]");

        // when
        try (UserRecords records = open()) {
            InputException e = catchThrowableOfType(InputException.class,
                    () -> records.recordsOf(new UserId("a")));

            // then
            assertThat(e.line()).isEqualTo(3);
            assertThat(e).hasMessageStartingWith(file + " line 3: array element 2 is not a JSON object");
        }
    }

    @Test
    void invalidJsonInArrayFileIsNamedByLine() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("a.json"), "[\n {\"seq\": 1},\n {\"seq\": }\n]");

        // when
        try (UserRecords records = open()) {
            InputException e = catchThrowableOfType(InputException.class,
                    () -> records.recordsOf(new UserId("a")));

            // then
            assertThat(e.line()).isEqualTo(3);
            assertThat(e).hasMessageStartingWith(file + " line 3: invalid JSON");
        }
    }

    @Test
    void nonUtf8ArrayFileIsRejected() throws IOException {
        // given
        Path file = Files.write(dir.resolve("a.json"), new byte[] {'[', '"', (byte) 0xC3, '"', ']'});

        // when
        try (UserRecords records = open()) {

            // then
            assertThatThrownBy(() -> records.recordsOf(new UserId("a"))).isInstanceOf(InputException.class)
                    .hasMessageStartingWith(file + " line 1: not valid UTF-8");
        }
    }

    @Test
    void missingDirectoryIsNamed() {
        // given
        Path missing = dir.resolve("absent");

        // when
        InputException e = catchThrowableOfType(InputException.class, () -> UserRecords.open(new InputConfig(
                InputConfig.Kind.DIRECTORY, missing, "user_id", InputConfig.Requests.PER_USER,
                OptionalInt.empty(), 0), dir.resolve("work")));

        // then
        assertThat(e).hasMessage(missing + ": directory not found");
    }
}
