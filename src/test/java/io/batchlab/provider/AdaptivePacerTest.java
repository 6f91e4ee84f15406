package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdaptivePacerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final Duration NO_LIMIT = Duration.ofHours(1);

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);

    private AdaptivePacer pacer(double ceiling) {
        return new AdaptivePacer(ceiling, true, clock::get);
    }

    private void advance(double seconds) {
        clock.addAndGet((long) (seconds * SECOND));
    }

    private static RateLimitHeaders headers(long limit, long remaining, String reset) {
        return RateLimitHeaders.parse(Long.toString(limit), Long.toString(remaining), reset).orElseThrow();
    }

    @Test
    void spacesCallsEvenlyAtTheCeilingWhileTheProviderIsQuiet() {
        // given
        AdaptivePacer pacer = pacer(4);

        // then: slots 250 ms apart, no burst
        assertThat(waitOf(pacer, NO_LIMIT)).contains(0L);
        assertThat(waitOf(pacer, NO_LIMIT)).contains(250_000_000L);
        assertThat(waitOf(pacer, NO_LIMIT)).contains(500_000_000L);
        assertThat(pacer.requestsPerSecond()).isEqualTo(4);
    }

    @Test
    void refusesASlotFurtherAwayThanTheLongestWait() {
        // given
        AdaptivePacer pacer = pacer(1);
        pacer.reserve(NO_LIMIT);

        // then
        assertThat(waitOf(pacer, Duration.ofMillis(500))).isEmpty();
        assertThat(waitOf(pacer, Duration.ofSeconds(1))).contains(SECOND);
    }

    @Test
    void aRateLimitAnswerLowersTheRateOncePerOverload() {
        // given: two calls in their slots when the provider starts answering 429
        AdaptivePacer pacer = pacer(40);
        AdaptivePacer.Slot first = pacer.reserve(NO_LIMIT).orElseThrow();
        AdaptivePacer.Slot second = pacer.reserve(NO_LIMIT).orElseThrow();

        // when: the first 429 arrives, then the second call's (its slot was reserved before the drop)
        pacer.throttled(first);
        double afterFirst = pacer.requestsPerSecond();
        pacer.throttled(second);

        // then: one drop for both
        assertThat(afterFirst).isCloseTo(40 * AdaptivePacer.DECREASE, within(1e-9));
        assertThat(pacer.requestsPerSecond()).isEqualTo(afterFirst);

        // when: a call in a slot reserved after the drop is refused too: the new rate is still too high
        pacer.throttled(pacer.reserve(NO_LIMIT).orElseThrow());

        // then
        assertThat(pacer.requestsPerSecond()).isCloseTo(40 * AdaptivePacer.DECREASE * AdaptivePacer.DECREASE, within(1e-6));
    }

    @Test
    void growsSlowlyBackToTheCeilingAndNeverPastIt() {
        // given
        AdaptivePacer pacer = pacer(10);
        pacer.throttled(pacer.reserve(NO_LIMIT).orElseThrow());
        assertThat(pacer.requestsPerSecond()).isCloseTo(8.5, within(1e-9));

        // when / then: 1 % a second
        advance(10);
        assertThat(pacer.requestsPerSecond()).isCloseTo(8.5 * Math.exp(0.1), within(1e-9));
        advance(3600);
        assertThat(pacer.requestsPerSecond()).isEqualTo(10);
    }

    @Test
    void neverFallsBelowTwoPercentOfTheCeiling() {
        // given
        AdaptivePacer pacer = pacer(10);

        // when: 429s for a long time, each for a call sent after the last drop
        for (int i = 0; i < 100; i++) {
            pacer.throttled(pacer.reserve(NO_LIMIT).orElseThrow());
        }

        // then
        assertThat(pacer.requestsPerSecond()).isCloseTo(0.2, within(1e-3));
    }

    @Test
    void headersWithLessThanHalfLeftSetTheRateToTheRefillTheyImply() {
        // given
        AdaptivePacer pacer = pacer(40);

        // when: 5 of 25 left, full again in 800 ms: (25 − 5 − 1) / 0.8 s, read pessimistically
        pacer.observed(headers(25, 5, "800ms"));

        // then
        assertThat(pacer.requestsPerSecond()).isCloseTo(23.75, within(1e-9));
    }

    @Test
    void headersCanRaiseTheRateUpToTheCeilingButNotPastIt() {
        // given: lowered by a 429
        AdaptivePacer pacer = pacer(20);
        pacer.throttled(pacer.reserve(NO_LIMIT).orElseThrow());

        // when: the headers imply 23.75/s
        pacer.observed(headers(25, 5, "0.8s"));

        // then
        assertThat(pacer.requestsPerSecond()).isEqualTo(20);
    }

    @Test
    void headersWithHalfOrMoreLeftImposeNothing() {
        // given
        AdaptivePacer pacer = pacer(40);

        // when
        pacer.observed(headers(25, 13, "480ms"));

        // then
        assertThat(pacer.requestsPerSecond()).isEqualTo(40);
    }

    @Test
    void aLimitLearntFromHeadersCapsTheGrowthForAMinute() {
        // given: the headers said 23.75/s; then the allowance filled up again
        AdaptivePacer pacer = pacer(40);
        pacer.observed(headers(25, 5, "800ms"));
        pacer.observed(headers(25, 20, "200ms"));

        // when / then: no growth past what was learnt while it is fresh
        advance(30);
        assertThat(pacer.requestsPerSecond()).isCloseTo(23.75, within(1e-9));

        // when / then: afterwards the rate may probe upwards again (the provider may have raised its limit)
        advance(31);
        assertThat(pacer.requestsPerSecond()).isGreaterThan(23.75).isLessThan(40);
    }

    @Test
    void fixedPacingIgnoresWhatTheProviderSays() {
        // given
        AdaptivePacer pacer = new AdaptivePacer(40, false, clock::get);

        // when
        pacer.throttled(pacer.reserve(NO_LIMIT).orElseThrow());
        pacer.observed(headers(25, 0, "1s"));

        // then
        assertThat(pacer.requestsPerSecond()).isEqualTo(40);
    }

    /**
     * The rule against a simulated provider: a token bucket of L = 25 requests refilled at 25/s (as the emulator's),
     * answers 30 ms after each call; the client's ceiling is 1.6 L. Simulated time, so it asserts the rule, not speed.
     */
    @ParameterizedTest(name = "headers sent: {0}")
    @ValueSource(booleans = {true, false})
    void learnsAProvidersLimitFromItsAnswers(boolean headersSent) {
        // given
        double limit = 25;
        AdaptivePacer pacer = pacer(1.6 * limit);
        SimulatedProvider provider = new SimulatedProvider(limit, clock.get());
        Deque<Answer> inFlight = new ArrayDeque<>();
        long rtt = 30_000_000L;

        // when: 120 simulated seconds of calls as fast as the pacer allows; the last 60 are measured
        long start = clock.get();
        long calls = 0;
        long refused = 0;
        while (clock.get() - start < 120 * SECOND) {
            AdaptivePacer.Slot slot = pacer.reserve(NO_LIMIT).orElseThrow();
            long sendAt = clock.get() + slot.waitNanos();
            while (!inFlight.isEmpty() && inFlight.peekFirst().sentAt() + rtt <= sendAt) {
                Answer answer = inFlight.removeFirst();
                clock.set(answer.sentAt() + rtt);
                if (!answer.admitted()) {
                    pacer.throttled(answer.slot());
                }
                if (headersSent) {
                    pacer.observed(answer.headers());
                }
            }
            clock.set(sendAt);
            boolean admitted = provider.admit(sendAt);
            inFlight.addLast(new Answer(slot, sendAt, admitted, new RateLimitHeaders((long) limit,
                    provider.remaining(), Duration.ofNanos(provider.nanosToFull()))));
            if (sendAt - start >= 60 * SECOND) {
                calls++;
                refused += admitted ? 0 : 1;
            }
        }

        // then
        double refusedShare = (double) refused / calls;
        double usedShare = (calls - refused) / 60.0 / limit;
        assertThat(refusedShare).as("share answered 429 once learnt").isLessThan(0.01);
        assertThat(usedShare).as("share of the provider's limit used").isGreaterThanOrEqualTo(0.9);
        if (headersSent) {
            assertThat(pacer.requestsPerSecond()).isLessThanOrEqualTo(limit);
        }
    }

    private record Answer(AdaptivePacer.Slot slot, long sentAt, boolean admitted, RateLimitHeaders headers) {
    }

    private static Optional<Long> waitOf(AdaptivePacer pacer, Duration maxWait) {
        return pacer.reserve(maxWait).map(AdaptivePacer.Slot::waitNanos);
    }

    /** A token bucket like the emulator's: capacity L, refilled at L per second. */
    private static final class SimulatedProvider {
        private final double perSecond;
        private double tokens;
        private long last;

        SimulatedProvider(double perSecond, long now) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
            this.last = now;
        }

        boolean admit(long now) {
            tokens = Math.min(perSecond, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        long remaining() {
            return (long) Math.floor(tokens);
        }

        long nanosToFull() {
            return (long) ((perSecond - tokens) / perSecond * 1e9);
        }
    }
}
