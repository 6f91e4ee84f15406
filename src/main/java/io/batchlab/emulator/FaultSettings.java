package io.batchlab.emulator;

import java.time.Duration;
import java.util.Set;

/**
 * Faults the emulator injects so clients can be tested against a misbehaving provider.
 *
 * @param latency                  delay before every answer
 * @param rateLimitPerSecond       calls per second allowed (0 = unlimited); above it: 429 with retry-after headers
 * @param serverErrorRate          share of calls answered 500, 502 or 503
 * @param connectionResetRate      share of calls whose TCP connection is dropped without any answer
 * @param malformedOutputRate      share of output lines written as broken JSON
 * @param expireUsers              batches whose metadata {@code user_id} (or {@code pack}) is listed expire half-way
 *                                 through
 * @param failUsers                batches whose metadata {@code user_id} (or {@code pack}) is listed fail after
 *                                 validation
 * @param expireRate               share of all other batches that expire half-way through
 * @param completionWindowOverride replaces every batch's completion window (null = the requested window)
 * @param rateLimitedRate          share of calls answered 429 with retry-after headers, whatever the call rate
 * @param rateLimitHeaders         whether answers under the rate limit carry Groq's {@code x-ratelimit-*-requests}
 *                                 headers (limit, remaining, reset); false: a client can learn the limit from 429s only
 * @param holdBatches              while true, no batch gets past {@code in_progress}: each reads as just before its
 *                                 planned end of processing (to test stopping or draining while collecting); set back
 *                                 to false, batches go on as planned (those past their plan at once)
 */
public record FaultSettings(Duration latency, double rateLimitPerSecond, double serverErrorRate,
        double connectionResetRate, double malformedOutputRate, Set<String> expireUsers, Set<String> failUsers,
        double expireRate, Duration completionWindowOverride, double rateLimitedRate, boolean rateLimitHeaders,
        boolean holdBatches) {

    public FaultSettings {
        latency = latency == null ? Duration.ZERO : latency;
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        if (!(rateLimitPerSecond >= 0) || Double.isInfinite(rateLimitPerSecond)) {
            throw new IllegalArgumentException("rateLimitPerSecond must be >= 0 (0 = off), got " + rateLimitPerSecond);
        }
        checkShare("serverErrorRate", serverErrorRate);
        checkShare("connectionResetRate", connectionResetRate);
        checkShare("malformedOutputRate", malformedOutputRate);
        checkShare("expireRate", expireRate);
        checkShare("rateLimitedRate", rateLimitedRate);
        expireUsers = expireUsers == null ? Set.of() : Set.copyOf(expireUsers);
        failUsers = failUsers == null ? Set.of() : Set.copyOf(failUsers);
        if (completionWindowOverride != null && (completionWindowOverride.isNegative() || completionWindowOverride.isZero())) {
            throw new IllegalArgumentException("completionWindowOverride must be positive, got " + completionWindowOverride);
        }
    }

    private static void checkShare(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + " must be a share between 0 and 1, got " + share);
        }
    }

    public static FaultSettings none() {
        return new FaultSettings(Duration.ZERO, 0, 0, 0, 0, Set.of(), Set.of(), 0, null, 0, true, false);
    }

    public FaultSettings withLatency(Duration value) {
        return new FaultSettings(value, rateLimitPerSecond, serverErrorRate, connectionResetRate, malformedOutputRate,
                expireUsers, failUsers, expireRate, completionWindowOverride, rateLimitedRate, rateLimitHeaders, holdBatches);
    }

    public FaultSettings withRateLimitPerSecond(double value) {
        return new FaultSettings(latency, value, serverErrorRate, connectionResetRate, malformedOutputRate,
                expireUsers, failUsers, expireRate, completionWindowOverride, rateLimitedRate, rateLimitHeaders, holdBatches);
    }

    public FaultSettings withServerErrorRate(double value) {
        return new FaultSettings(latency, rateLimitPerSecond, value, connectionResetRate, malformedOutputRate,
                expireUsers, failUsers, expireRate, completionWindowOverride, rateLimitedRate, rateLimitHeaders, holdBatches);
    }

    public FaultSettings withConnectionResetRate(double value) {
        return new FaultSettings(latency, rateLimitPerSecond, serverErrorRate, value, malformedOutputRate,
                expireUsers, failUsers, expireRate, completionWindowOverride, rateLimitedRate, rateLimitHeaders, holdBatches);
    }

    public FaultSettings withMalformedOutputRate(double value) {
        return new FaultSettings(latency, rateLimitPerSecond, serverErrorRate, connectionResetRate, value,
                expireUsers, failUsers, expireRate, completionWindowOverride, rateLimitedRate, rateLimitHeaders, holdBatches);
    }

    public FaultSettings withExpireUsers(Set<String> value) {
        return new FaultSettings(latency, rateLimitPerSecond, serverErrorRate, connectionResetRate, malformedOutputRate,
                value, failUsers, expireRate, completionWindowOverride, rateLimitedRate, rateLimitHeaders, holdBatches);
    }

    public FaultSettings withFailUsers(Set<String> value) {
        return new FaultSettings(latency, rateLimitPerSecond, serverErrorRate, connectionResetRate, malformedOutputRate,
                expireUsers, value, expireRate, completionWindowOverride, rateLimitedRate, rateLimitHeaders, holdBatches);
    }

    public FaultSettings withExpireRate(double value) {
        return new FaultSettings(latency, rateLimitPerSecond, serverErrorRate, connectionResetRate, malformedOutputRate,
                expireUsers, failUsers, value, completionWindowOverride, rateLimitedRate, rateLimitHeaders, holdBatches);
    }

    public FaultSettings withCompletionWindowOverride(Duration value) {
        return new FaultSettings(latency, rateLimitPerSecond, serverErrorRate, connectionResetRate, malformedOutputRate,
                expireUsers, failUsers, expireRate, value, rateLimitedRate, rateLimitHeaders, holdBatches);
    }

    public FaultSettings withRateLimitedRate(double value) {
        return new FaultSettings(latency, rateLimitPerSecond, serverErrorRate, connectionResetRate, malformedOutputRate,
                expireUsers, failUsers, expireRate, completionWindowOverride, value, rateLimitHeaders, holdBatches);
    }

    public FaultSettings withRateLimitHeaders(boolean value) {
        return new FaultSettings(latency, rateLimitPerSecond, serverErrorRate, connectionResetRate, malformedOutputRate,
                expireUsers, failUsers, expireRate, completionWindowOverride, rateLimitedRate, value, holdBatches);
    }

    public FaultSettings withHoldBatches(boolean value) {
        return new FaultSettings(latency, rateLimitPerSecond, serverErrorRate, connectionResetRate, malformedOutputRate,
                expireUsers, failUsers, expireRate, completionWindowOverride, rateLimitedRate, rateLimitHeaders, value);
    }
}
