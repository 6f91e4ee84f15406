package io.batchlab.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UserIdListTest {

    @TempDir
    Path dir;

    @Test
    void idsAreReadInFileOrderSkippingBlankLinesAndComments() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("users.txt"), """
                # pilot cohort
                31499534

                  31499533\s
                alice_2
                """);

        // when
        List<String> ids = new ArrayList<>();
        UserIdList.readPlainText(file).forEachRemaining(id -> ids.add(id.value()));

        // then
        assertThat(ids).containsExactly("31499534", "31499533", "alice_2");
    }

    @Test
    void invalidIdIsNamedByFileAndLine() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("users.txt"), "# ids\n31499534\n3149.9533\n");

        // when
        InputException e = catchThrowableOfType(InputException.class, () -> UserIdList.readPlainText(file));

        // then
        assertThat(e.line()).isEqualTo(3);
        assertThat(e).hasMessageContaining("invalid user id '3149.9533' in " + file + " line 3");
    }

    @Test
    void repeatedIdIsNamedWithBothLines() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("users.txt"), "a\nb\na\n");

        // when
        InputException e = catchThrowableOfType(InputException.class, () -> UserIdList.readPlainText(file));

        // then
        assertThat(e).hasMessage(file + " line 3: user id a repeats line 1: list each user once");
    }

    @Test
    void nonUtf8LineIsNamed() throws IOException {
        // given
        Path file = Files.write(dir.resolve("users.txt"), new byte[] {'a', '\n', 'b', (byte) 0xFF, '\n'});

        // when
        InputException e = catchThrowableOfType(InputException.class, () -> UserIdList.readPlainText(file));

        // then
        assertThat(e).hasMessage(file + " line 2: not valid UTF-8 (save the file as UTF-8)");
    }

    @Test
    void missingFileIsNamed() {
        // given
        Path file = dir.resolve("absent.txt");

        // when
        InputException e = catchThrowableOfType(InputException.class, () -> UserIdList.readPlainText(file));

        // then
        assertThat(e).hasMessage(file + ": file not found");
    }
}
