package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"31499533", "a", "Z", "user_1", "A-b_9", "-", "_"})
    void acceptsLettersDigitsUnderscoreAndDash(String raw) {
        assertThat(UserId.of(raw, "test").value()).isEqualTo(raw);
    }

    @Test
    void acceptsSixtyFourCharacters() {
        String longest = "7".repeat(64);
        assertThat(UserId.of(longest, "test").value()).hasSize(64);
    }

    static Stream<String> invalidIds() {
        return Stream.of("..", "/x", "a/b", ".", "", "7".repeat(65), "a\u0000b", "line\nbreak", "tab\t",
                "caf\u00e9", "\u7528\u6237", "\uff11\uff12", " 31499533", "31499533 ", "a\\b", "C:x");
    }

    @ParameterizedTest
    @MethodSource("invalidIds")
    void rejectsIdsThatCouldNotBeASafeDirectoryName(String raw) {
        assertThatThrownBy(() -> UserId.of(raw, "users.csv line 7"))
                .isInstanceOf(InvalidUserIdException.class)
                .hasMessageContaining("users.csv line 7")
                .hasMessageContaining("1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
    }

    @Test
    void messageNamesTheIdAndItsSource() {
        assertThatThrownBy(() -> UserId.of("a/b", "users.json entry 3"))
                .hasMessage("invalid user id 'a/b' in users.json entry 3:"
                        + " use 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
    }

    @Test
    void messageShowsControlCharactersEscaped() {
        assertThatThrownBy(() -> UserId.of("a\u0000b", "input.csv line 2"))
                .hasMessageContaining("'a\\u0000b' in input.csv line 2");
    }

    @Test
    void messageNamesEmptyAndMissingIds() {
        assertThatThrownBy(() -> UserId.of("", "row 1")).hasMessageContaining("'' (empty) in row 1");
        assertThatThrownBy(() -> UserId.of(null, "row 2")).hasMessageContaining("(missing) in row 2");
    }

    @Test
    void constructorValidatesToo() {
        assertThatThrownBy(() -> new UserId("../etc")).isInstanceOf(InvalidUserIdException.class)
                .hasMessageContaining("'../etc'");
    }
}
