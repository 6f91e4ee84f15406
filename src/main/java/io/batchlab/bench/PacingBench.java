package io.batchlab.bench;

import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.launcher.LocalEmulator;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.ProviderException;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.provider.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P10: the client configured at a multiple of the emulator's rate limit L, calling as fast as its pacing lets it
 * (cheap {@code GET /models} calls from several threads) for a fixed time. The share of calls the emulator answered
 * 429, and the calls it served per second as a share of L: once learnt (after the first {@code learning} seconds, the
 * figure that matters for a run of hours) and over the whole time.
 */
final class PacingBench {

    /** How the client paces itself, and what the emulator tells it. */
    enum Mode {
        FIXED("fixed pacing (before #15)", false, true),
        HEADERS("adaptive, x-ratelimit headers sent", true, true),
        CODES_ONLY("adaptive, 429s only (no headers)", true, false);

        final String text;
        final boolean adaptive;
        final boolean headers;

        Mode(String text, boolean adaptive, boolean headers) {
            this.text = text;
            this.adaptive = adaptive;
            this.headers = headers;
        }
    }

    /**
     * @param learnt    the calls once learnt (after the learning time)
     * @param whole     the calls over the whole time
     * @param givenUp   client calls that failed after their retries (whole time)
     * @param finalRate the client's pacing rate at the end (requests/s)
     */
    record Result(Mode mode, Window learnt, Window whole, long givenUp, double finalRate) {
    }

    /**
     * @param calls   calls the emulator received (429-answered included)
     * @param refused calls it answered 429
     */
    record Window(long calls, long refused, double seconds, double limit) {

        static Window between(EmulatorCounts from, EmulatorCounts to, long fromNanos, long toNanos, double limit) {
            return new Window(to.totalCalls() - from.totalCalls(), to.rateLimitedCalls() - from.rateLimitedCalls(),
                    (toNanos - fromNanos) / 1e9, limit);
        }

        double refusedShare() {
            return calls == 0 ? 0 : (double) refused / calls;
        }

        /** Calls served (not 429) per second, as a share of the emulator's limit. */
        double usedShare() {
            return (calls - refused) / seconds / limit;
        }
    }

    private PacingBench() {
    }

    static Result once(Mode mode, double limit, double configured, int concurrency, int latencyMs, Duration learning,
                       Duration length) throws Exception {
        EmulatorSettings settings = EmulatorSettings.defaults().withFaults(FaultSettings.none()
                .withLatency(Duration.ofMillis(latencyMs)).withRateLimitPerSecond(limit)
                .withRateLimitHeaders(mode.headers));
        try (GroqEmulator emulator = LocalEmulator.start(settings);
             BatchClient client = BatchClient.create(ProviderSettings.defaults(emulator.baseUri(), Secret.of("emulator"))
                     .withPacing(configured, concurrency).withAdaptivePacing(mode.adaptive))) {
            AtomicLong givenUp = new AtomicLong();
            ExecutorService callers = Executors.newFixedThreadPool(concurrency);
            EmulatorCounts before = emulator.counts();
            long start = System.nanoTime();
            long end = start + length.toNanos();
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < concurrency; i++) {
                    running.add(callers.submit(() -> {
                        while (System.nanoTime() < end) {
                            try {
                                client.listModels();
                            } catch (ProviderException e) {
                                givenUp.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(learning.toMillis()); // the bench's clock: counts are read when learning ends
                EmulatorCounts learnt = emulator.counts();
                long learntAt = System.nanoTime();
                for (Future<?> caller : running) {
                    caller.get();
                }
                long stop = System.nanoTime();
                EmulatorCounts after = emulator.counts();
                return new Result(mode, Window.between(learnt, after, learntAt, stop, limit),
                        Window.between(before, after, start, stop, limit), givenUp.get(), client.requestsPerSecond());
            } finally {
                callers.shutdownNow();
            }
        }
    }
}
