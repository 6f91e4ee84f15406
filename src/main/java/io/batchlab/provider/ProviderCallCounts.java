package io.batchlab.provider;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many calls this process (a CLI process, or the server's deployment) sent to the provider and how many of them
 * the provider answered 429. {@link ProviderCallPolicy} counts every attempt, retries included, so these are the
 * calls the provider saw; the server's metrics read them (server/RunMetrics) and count nothing themselves.
 */
public final class ProviderCallCounts {

    private static final ProviderCallCounts PROCESS = new ProviderCallCounts();

    private final LongAdder calls = new LongAdder();
    private final LongAdder throttled = new LongAdder();

    ProviderCallCounts() {
    }

    /** The counts of every {@link BatchClient} of this class loader. */
    public static ProviderCallCounts process() {
        return PROCESS;
    }

    /** Calls sent to the provider since the class was loaded: every attempt, whatever its answer. */
    public long calls() {
        return calls.sum();
    }

    /** Calls the provider answered 429 (too many requests). */
    public long throttled() {
        return throttled.sum();
    }

    void sent() {
        calls.increment();
    }

    void throttledOne() {
        throttled.increment();
    }
}
