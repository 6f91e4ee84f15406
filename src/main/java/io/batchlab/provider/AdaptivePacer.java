package io.batchlab.provider;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Spaces provider calls evenly at a rate that learns the provider's limit; the configured rate is a ceiling, never
 * exceeded. batchlab's own rule (Failsafe's rate limiter cannot change its rate):
 *
 * <ul>
 *   <li><b>429</b>: the rate drops to {@value #DECREASE} of itself — but once per overload: a 429 for a call whose
 *       slot was reserved before the last drop is the same overload seen late (several calls are in flight or hold
 *       slots spaced at the old rate), so it is ignored.</li>
 *   <li><b>{@code x-ratelimit-*} headers</b> with less than half of the allowance left: the rate is set to the refill
 *       rate they imply ({@link RateLimitHeaders#refillPerSecond()}), up or down, so the allowance stops shrinking
 *       before it is empty. That refill rate is the provider's limit as learnt: for {@link #LEARNT_LIMIT_HOLDS}
 *       after the headers last showed it, the rate does not grow past it.</li>
 *   <li>Otherwise the rate grows {@value #GROWTH_PER_SECOND} of itself per second back towards the ceiling: slowly,
 *       so the next overload is small, and past a learnt limit only once it is old (the provider may have raised
 *       it).</li>
 *   <li>It never falls below {@value #FLOOR_SHARE} of the ceiling, so a provider that comes back is found again.</li>
 * </ul>
 *
 * Calls reserve slots {@code 1/rate} apart (no bursts after idle time, like a smooth rate limiter); a changed rate
 * applies to the slots reserved after it. With {@code adaptive} false it keeps the ceiling whatever it hears (the
 * fixed pacing of before, kept for the bench's baseline and as an escape hatch).
 */
final class AdaptivePacer {

    static final double DECREASE = 0.85;
    static final double GROWTH_PER_SECOND = 0.01;
    static final double FLOOR_SHARE = 0.02;
    static final Duration LEARNT_LIMIT_HOLDS = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(AdaptivePacer.class.getName());
    /** An INFO line at most this often; every change in between goes to FINE. */
    private static final long INFO_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    /** Changes smaller than this share are not logged at all (headers may move the rate a little on every answer). */
    private static final double LOGGED_CHANGE = 0.05;

    private final double ceiling;
    private final boolean adaptive;
    private final LongSupplier nanoClock;
    private double rate;
    private long nextSlot;
    private long lastGrowth;
    /** Counts the drops: a slot carries the count at its reservation. */
    private long drops;
    private boolean headersHold;
    private double learntLimit;
    private long learntAt;
    private double loggedRate;
    private long lastInfo;
    private boolean infoYet;

    /** @param nanoClock {@link System#nanoTime()} or a test's clock */
    AdaptivePacer(double ceiling, boolean adaptive, LongSupplier nanoClock) {
        this.ceiling = ceiling;
        this.adaptive = adaptive;
        this.nanoClock = nanoClock;
        this.rate = ceiling;
        this.loggedRate = ceiling;
        long now = nanoClock.getAsLong();
        this.nextSlot = now;
        this.lastGrowth = now;
    }

    /** The rate calls are spaced at now, in requests per second: at most the ceiling. */
    synchronized double requestsPerSecond() {
        grow(nanoClock.getAsLong());
        return rate;
    }

    /**
     * A reserved slot.
     *
     * @param waitNanos how long to wait before calling (0 = now)
     * @param drops     the pacer's drops when it was reserved: give it back with {@link #throttled(Slot)}
     */
    record Slot(long waitNanos, long drops) {
    }

    /** Reserves the next slot if it comes within {@code maxWait}; empty when it is further away. */
    synchronized Optional<Slot> reserve(Duration maxWait) {
        long now = nanoClock.getAsLong();
        grow(now);
        long slot = Math.max(nextSlot, now);
        long wait = slot - now;
        if (wait > maxWait.toNanos()) {
            return Optional.empty();
        }
        nextSlot = slot + (long) (1e9 / rate);
        return Optional.of(new Slot(wait, drops));
    }

    /** The provider answered 429 to the call made in {@code slot}. */
    synchronized void throttled(Slot slot) {
        if (!adaptive || slot.drops() != drops) {
            return;
        }
        long now = nanoClock.getAsLong();
        double before = rate;
        rate = Math.max(ceiling * FLOOR_SHARE, rate * DECREASE);
        drops++;
        lastGrowth = now;
        changed(before, "the provider answered 429", now);
    }

    /** An answer carried the provider's request-limit headers. */
    synchronized void observed(RateLimitHeaders headers) {
        if (!adaptive) {
            return;
        }
        long now = nanoClock.getAsLong();
        Optional<Double> refill = headers.refillPerSecond();
        if (!headers.underPressure() || refill.isEmpty()) {
            if (headersHold) {
                lastGrowth = now;
            }
            headersHold = false;
            return;
        }
        grow(now);
        double before = rate;
        rate = Math.min(ceiling, Math.max(ceiling * FLOOR_SHARE, refill.get()));
        headersHold = true;
        learntLimit = rate;
        learntAt = now;
        lastGrowth = now;
        changed(before, "the provider's x-ratelimit headers: " + headers.remaining() + " of " + headers.limit()
                + " requests left, full again in " + headers.reset().toMillis() + " ms", now);
    }

    private void grow(long now) {
        double cap = learntLimit > 0 && now - learntAt < LEARNT_LIMIT_HOLDS.toNanos() ? learntLimit : ceiling;
        if (headersHold || rate >= cap) {
            lastGrowth = now;
            return;
        }
        double seconds = (now - lastGrowth) / 1e9;
        if (seconds > 0) {
            rate = Math.min(cap, rate * Math.exp(GROWTH_PER_SECOND * seconds));
            lastGrowth = now;
        }
    }

    private void changed(double before, String why, long now) {
        if (Math.abs(rate - loggedRate) < LOGGED_CHANGE * loggedRate) {
            return;
        }
        boolean info = !infoYet || now - lastInfo >= INFO_EVERY_NANOS;
        Level level = info ? Level.INFO : Level.FINE;
        if (LOG.isLoggable(level)) {
            LOG.log(level, String.format("Provider pacing: %.2f → %.2f requests/s (ceiling %.2f) after %s", before,
                    rate, ceiling, why));
        }
        if (info) {
            lastInfo = now;
            infoYet = true;
        }
        loggedRate = rate;
    }
}
