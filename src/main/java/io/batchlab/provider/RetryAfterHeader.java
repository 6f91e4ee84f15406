package io.batchlab.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the wait a server asks for: {@code retry-after-ms} (Groq, OpenAI) first, then {@code retry-after}. */
final class RetryAfterHeader {

    private RetryAfterHeader() {
    }

    /**
     * @param retryAfterMs value of {@code retry-after-ms}, may be null
     * @param retryAfter value of {@code retry-after}: seconds (possibly fractional) or an HTTP date; may be null
     * @return the wait, never negative; empty when neither header holds a usable value
     */
    static Optional<Duration> parse(String retryAfterMs, String retryAfter, Clock clock) {
        Optional<Duration> millis = number(retryAfterMs).map(ms -> Duration.ofNanos((long) (ms * 1_000_000)));
        if (millis.isPresent()) {
            return millis;
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return Optional.empty();
        }
        Optional<Duration> seconds = number(retryAfter).map(s -> Duration.ofNanos((long) (s * 1_000_000_000)));
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> number(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            return parsed >= 0 && Double.isFinite(parsed) ? Optional.of(parsed) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
