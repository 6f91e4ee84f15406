package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThroughputTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Throughput throughput = new Throughput(nanos::get);

    @Test
    void rateAndEtaCountOnlyWhatThisProcessSawMove() {
        // given: a restarted run that had 40 users done when this process first saw it
        throughput.observe(40);

        // when: 10 s later, 60
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        throughput.observe(60);

        // then: 2 users/s, 40 of 100 left
        assertThat(throughput.perSecond()).hasValue(2.0);
        assertThat(throughput.left(100)).contains(Duration.ofSeconds(20));
        assertThat(throughput.describe(100)).contains("2.0 users/s, ETA 0:00:20");
    }

    @Test
    void noRateBeforeTheCountMovesOrWithinTheFirstSecond() {
        // given
        throughput.observe(5);
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        throughput.observe(5);

        // then: not moved
        assertThat(throughput.perSecond()).isEmpty();
        assertThat(throughput.describe(10)).isEmpty();

        // given: a fresh one that moves within half a second
        Throughput fresh = new Throughput(nanos::get);
        fresh.observe(0);
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        fresh.observe(3);

        // then
        assertThat(fresh.perSecond()).isEmpty();
    }

    @Test
    void theRateFallsWhileNothingMovesSoTheEtaGrows() {
        // given: 10 in 10 s
        throughput.observe(0);
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        throughput.observe(10);
        Duration before = throughput.left(20).orElseThrow();

        // when: 10 s more without progress
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());

        // then
        assertThat(throughput.perSecond()).hasValue(0.5);
        assertThat(throughput.left(20).orElseThrow()).isGreaterThan(before).isEqualTo(Duration.ofSeconds(20));
    }
}
