package io.batchlab.provider;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a provider says about its request limit on an answer (Groq, OpenAI): {@code x-ratelimit-limit-requests} (the
 * allowance when full), {@code x-ratelimit-remaining-requests} (what is left now) and
 * {@code x-ratelimit-reset-requests} (the time until the allowance is full again, e.g. {@code 2m59.56s},
 * {@code 7.66s}, {@code 20ms}). The token headers are not read: batch-management calls carry no tokens to pace by.
 *
 * @param limit     the allowance when full, at least 1
 * @param remaining what is left, 0 to {@code limit}
 * @param reset     the time until the allowance is full again, never negative
 */
record RateLimitHeaders(long limit, long remaining, Duration reset) {

    static final String LIMIT = "x-ratelimit-limit-requests";
    static final String REMAINING = "x-ratelimit-remaining-requests";
    static final String RESET = "x-ratelimit-reset-requests";

    /** Go's duration text as Groq and OpenAI send it: one or more number-unit pairs. */
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");

    /** The three headers, or empty when one is missing or unreadable (then nothing is learnt from them). */
    static Optional<RateLimitHeaders> parse(String limit, String remaining, String reset) {
        Optional<Long> full = whole(limit);
        Optional<Long> left = whole(remaining);
        Optional<Duration> until = duration(reset);
        if (full.isEmpty() || left.isEmpty() || until.isEmpty() || full.get() < 1 || left.get() > full.get()) {
            return Optional.empty();
        }
        return Optional.of(new RateLimitHeaders(full.get(), left.get(), until.get()));
    }

    /**
     * The provider's refill rate these numbers imply, read pessimistically: spent / time to refill it, with the
     * remaining count taken one higher than sent because it is rounded down. Empty when the allowance is full or
     * nearly so (too little spent to tell a rate) or the reset time is zero.
     */
    Optional<Double> refillPerSecond() {
        long spent = limit - remaining - 1;
        if (spent < 1 || reset.isZero()) {
            return Optional.empty();
        }
        return Optional.of(spent / (reset.toNanos() / 1e9));
    }

    /** Less than half of the allowance is left: from here on the client must not spend faster than it refills. */
    boolean underPressure() {
        return remaining * 2 < limit;
    }

    private static Optional<Long> whole(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed >= 0 ? Optional.of(parsed) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code 2m59.56s}, {@code 7.66s}, {@code 20ms}, or a bare number of seconds. */
    static Optional<Duration> duration(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        try {
            double seconds = Double.parseDouble(text);
            return seconds >= 0 && Double.isFinite(seconds) ? Optional.of(nanos(seconds * 1e9)) : Optional.empty();
        } catch (NumberFormatException notBare) {
            // Go's duration text, below.
        }
        Matcher part = PART.matcher(text);
        double nanos = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            nanos += Double.parseDouble(part.group(1)) * switch (part.group(2)) {
                case "h" -> 3600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            end = part.end();
        }
        return end == text.length() && end > 0 ? Optional.of(nanos(nanos)) : Optional.empty();
    }

    private static Duration nanos(double nanos) {
        return Duration.ofNanos((long) nanos);
    }
}
