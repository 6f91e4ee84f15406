package io.batchlab.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompletionWindowsTest {

    @ParameterizedTest
    @CsvSource({"24h, 24", "168h, 168", "1d, 24", "7d, 168", "36h, 36"})
    void acceptsCompletionWindowsFrom24HoursTo7Days(String text, long hours) {
        // then
        assertThat(CompletionWindows.parse(text)).hasValue(Duration.ofHours(hours));
    }

    @ParameterizedTest
    @ValueSource(strings = {"23h", "169h", "0d", "8d", "24", "1w", "1440m", "24H"})
    void rejectsCompletionWindowsOutsideTheProvidersRange(String text) {
        // then
        assertThat(CompletionWindows.parse(text)).isEmpty();
    }

    @Test
    void providerConfigGivesTheCompletionWindowAsADuration() {
        // given
        ProviderConfig provider = new ProviderConfig(URI.create("https://api.groq.com/openai/v1"), "2d", 4, 5,
                Duration.ofSeconds(30), Duration.ofHours(49));

        // then
        assertThat(provider.completionWindowLength()).isEqualTo(Duration.ofHours(48));
    }
}
