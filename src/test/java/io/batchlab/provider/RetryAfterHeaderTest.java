package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterHeaderTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void prefersMillisecondsOverSeconds() {
        assertThat(RetryAfterHeader.parse("1500", "30", clock)).contains(Duration.ofMillis(1500));
    }

    @Test
    void readsWholeAndFractionalSeconds() {
        assertThat(RetryAfterHeader.parse(null, "7", clock)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfterHeader.parse(null, "1.25", clock)).contains(Duration.ofMillis(1250));
    }

    @Test
    void readsAnHttpDateRelativeToTheClock() {
        assertThat(RetryAfterHeader.parse(null, "Thu, 26 Nov 2026 10:00:12 GMT", clock)).contains(Duration.ofSeconds(12));
        assertThat(RetryAfterHeader.parse(null, "Thu, 26 Nov 2026 09:59:00 GMT", clock)).contains(Duration.ZERO);
    }

    @Test
    void ignoresGarbageAndNegativeValues() {
        assertThat(RetryAfterHeader.parse("soon", "-3", clock)).isEqualTo(Optional.empty());
        assertThat(RetryAfterHeader.parse(null, null, clock)).isEmpty();
    }
}
