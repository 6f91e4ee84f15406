package io.batchlab.emulator;

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

    /** A 429 over the rate limit or by the rate-limited share, else a 5xx by the server error share, else nothing. */
    synchronized Optional<ApiError> errorFor() {
        FaultSettings faults = settings;
        if (faults.rateLimitPerSecond() > 0) {
            refill(faults.rateLimitPerSecond());
            if (tokens >= 1) {
                tokens -= 1;
            } else {
                long retryAfterMs = (long) Math.ceil((1 - tokens) / faults.rateLimitPerSecond() * 1000);
                return Optional.of(new ApiError(429, "requests", "rate_limit_exceeded", null,
                        "Rate limit reached: limit " + faults.rateLimitPerSecond()
                                + " requests per second (Groq emulator). Please try again in " + retryAfterMs + "ms.",
                        Map.of("retry-after", Long.toString(Math.max(1, (retryAfterMs + 999) / 1000)),
                                "retry-after-ms", Long.toString(retryAfterMs))));
            }
        }
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
