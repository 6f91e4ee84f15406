package io.batchlab.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * How fast one count of a run moves towards its total, measured from when this process first saw it (a restarted run
 * starts from where it was, so the users done before do not inflate the rate), and the time left at that rate.
 */
final class Throughput {

    /** Less than this since the first sighting says nothing about the rate yet. */
    private static final long SETTLING_NANOS = Duration.ofSeconds(1).toNanos();

    private final LongSupplier nanoClock;
    private long firstCount = -1;
    private long firstAt;
    private long count;

    Throughput() {
        this(System::nanoTime);
    }

    Throughput(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    void observe(long current) {
        if (firstCount < 0) {
            firstCount = current;
            firstAt = nanoClock.getAsLong();
        }
        count = current;
    }

    /** Units per second since the first sighting; empty until it has moved and a second has passed. */
    OptionalDouble perSecond() {
        long elapsed = nanoClock.getAsLong() - firstAt;
        if (firstCount < 0 || count <= firstCount || elapsed < SETTLING_NANOS) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((count - firstCount) * 1e9 / elapsed);
    }

    /** The time until {@code total} at the rate so far; empty without a rate. */
    Optional<Duration> left(long total) {
        OptionalDouble rate = perSecond();
        if (rate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds((long) Math.ceil(Math.max(0, total - count) / rate.getAsDouble())));
    }

    /** {@code 3.2 users/s, ETA 0:01:05}, or empty without a rate. */
    Optional<String> describe(long total) {
        OptionalDouble rate = perSecond();
        return left(total).map(left -> String.format("%.1f users/s, ETA %d:%02d:%02d", rate.getAsDouble(),
                left.toHours(), left.toMinutesPart(), left.toSecondsPart()));
    }
}
