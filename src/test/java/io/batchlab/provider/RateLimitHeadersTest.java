package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitHeadersTest {

    @ParameterizedTest
    @CsvSource({
            "2m59.56s, 179560",
            "7.66s, 7660",
            "480ms, 480",
            "1h0m0s, 3600000",
            "1.5, 1500",
            "0s, 0",
            "250us, 0"})
    void readsResetTimesAsGroqAndOpenAiSendThem(String text, long millis) {
        assertThat(RateLimitHeaders.duration(text)).contains(Duration.ofMillis(millis).plusNanos(
                text.endsWith("us") ? 250_000 : 0));
    }

    @ParameterizedTest
    @CsvSource({"soon", "5 s", "-1s", "s", "1m-2s"})
    void unreadableResetTimesAreNotGuessed(String text) {
        assertThat(RateLimitHeaders.duration(text)).isEmpty();
    }

    @Test
    void learnsNothingWhenAHeaderIsMissingOrInconsistent() {
        assertThat(RateLimitHeaders.parse("25", "3", null)).isEmpty();
        assertThat(RateLimitHeaders.parse(null, "3", "1s")).isEmpty();
        assertThat(RateLimitHeaders.parse("25", "30", "1s")).as("more left than the limit").isEmpty();
        assertThat(RateLimitHeaders.parse("0", "0", "1s")).isEmpty();
        assertThat(RateLimitHeaders.parse("14400", "14370", "2m59.56s")).isPresent();
    }

    @Test
    void theRefillRateIsReadPessimisticallyAndOnlyWhenEnoughWasSpent() {
        // 25 − 5 − 1 = 19 spent (remaining is rounded down) in 0.8 s
        assertThat(RateLimitHeaders.parse("25", "5", "800ms").orElseThrow().refillPerSecond().orElseThrow())
                .isCloseTo(23.75, within(1e-9));
        assertThat(RateLimitHeaders.parse("25", "24", "40ms").orElseThrow().refillPerSecond()).isEmpty();
        assertThat(RateLimitHeaders.parse("25", "0", "0s").orElseThrow().refillPerSecond()).isEmpty();
    }

    @Test
    void underPressureMeansLessThanHalfLeft() {
        assertThat(RateLimitHeaders.parse("25", "12", "1s").orElseThrow().underPressure()).isTrue();
        assertThat(RateLimitHeaders.parse("25", "13", "1s").orElseThrow().underPressure()).isFalse();
        assertThat(RateLimitHeaders.parse("24", "12", "1s").orElseThrow().underPressure()).isFalse();
    }
}
