package io.batchlab.emulator;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Decides, call by call, which injected fault (if any) answers it; seeded so a test run repeats itself. */
final class FaultInjector {

    private static final int[] SERVER_ERRORS = {500, 502, 503};

    private final Random random;
    private volatile FaultSettings settings;
    private double tokens;
    private long lastRefillNanos;

    FaultInjector(FaultSettings settings, long seed) {
        this.random = new Random(seed);
        set(settings);
    }

    FaultSettings settings() {
        return settings;
    }

    synchronized void set(FaultSettings faults) {
        settings = faults;
        tokens = Math.max(1, faults.rateLimitPerSecond());
        lastRefillNanos = System.nanoTime();
    }

    /** Connection resets are decided before authentication, like a network failure would be. */
    synchronized boolean dropConnection() {
        return settings.connectionResetRate() > 0 && random.nextDouble() < settings.connectionResetRate();
    }

    /**
     * What a call meets: an error, or none, and the headers every answer carries.
     *
     * @param error   the injected error, if any
     * @param headers Groq's {@code x-ratelimit-*-requests} headers while a rate limit is set (unless switched off)
     */
    record Verdict(Optional<ApiError> error, Map<String, String> headers) {
    }

    /**
     * A 429 over the rate limit or by the rate-limited share, else a 5xx by the server error share, else nothing; with
     * the rate limit's headers as the bucket stands after this call.
     */
    synchronized Verdict admit() {
        FaultSettings faults = settings;
        Map<String, String> headers = Map.of();
        if (faults.rateLimitPerSecond() > 0) {
            refill(faults.rateLimitPerSecond());
            boolean admitted = tokens >= 1;
            if (admitted) {
                tokens -= 1;
            }
            headers = faults.rateLimitHeaders() ? limitHeaders(faults.rateLimitPerSecond()) : Map.of();
            if (!admitted) {
                long retryAfterMs = (long) Math.ceil((1 - tokens) / faults.rateLimitPerSecond() * 1000);
                Map<String, String> withRetry = new HashMap<>(headers);
                withRetry.put("retry-after", Long.toString(Math.max(1, (retryAfterMs + 999) / 1000)));
                withRetry.put("retry-after-ms", Long.toString(retryAfterMs));
                return new Verdict(Optional.of(new ApiError(429, "requests", "rate_limit_exceeded", null,
                        "Rate limit reached: limit " + faults.rateLimitPerSecond()
                                + " requests per second (Groq emulator). Please try again in " + retryAfterMs + "ms.",
                        withRetry)), headers);
            }
        }
        return new Verdict(otherError(faults), headers);
    }

    /**
     * Groq's request-limit headers as the bucket stands: its capacity, the whole tokens left, and the time until it is
     * full again — in Go's duration text, as Groq sends it ({@code 2m59.56s}, {@code 7.66s}, {@code 480ms}).
     */
    private Map<String, String> limitHeaders(double perSecond) {
        double capacity = Math.max(1, perSecond);
        double secondsToFull = (capacity - tokens) / perSecond;
        return Map.of("x-ratelimit-limit-requests", Long.toString((long) capacity),
                "x-ratelimit-remaining-requests", Long.toString((long) Math.floor(tokens)),
                "x-ratelimit-reset-requests", goDuration(secondsToFull));
    }

    static String goDuration(double seconds) {
        if (seconds <= 0) {
            return "0s";
        }
        if (seconds < 1) {
            return trimmed(String.format(Locale.ROOT, "%.3f", seconds * 1000)) + "ms";
        }
        long minutes = (long) (seconds / 60);
        String rest = trimmed(String.format(Locale.ROOT, "%.3f", seconds - minutes * 60)) + "s";
        return minutes > 0 ? minutes + "m" + rest : rest;
    }

    private static String trimmed(String decimal) {
        return decimal.contains(".") ? decimal.replaceAll("0+$", "").replaceAll("\\.$", "") : decimal;
    }

    private Optional<ApiError> otherError(FaultSettings faults) {
        if (faults.rateLimitedRate() > 0 && random.nextDouble() < faults.rateLimitedRate()) {
            return Optional.of(new ApiError(429, "requests", "rate_limit_exceeded", null,
                    "Rate limit reached (injected by the Groq emulator). Please try again in 1s.",
                    Map.of("retry-after", "1", "retry-after-ms", "1000")));
        }
        if (faults.serverErrorRate() > 0 && random.nextDouble() < faults.serverErrorRate()) {
            int status = SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)];
            return Optional.of(new ApiError(status, "internal_server_error", "internal_server_error", null,
                    "Injected server error " + status + " (Groq emulator fault)", Map.of()));
        }
        return Optional.empty();
    }

    private void refill(double perSecond) {
        long now = System.nanoTime();
        tokens = Math.min(Math.max(1, perSecond), tokens + (now - lastRefillNanos) / 1e9 * perSecond);
        lastRefillNanos = now;
    }
}
