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
 * 429, and the calls it served per second as a share of L, over the whole time (learning included).
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
     * @param calls      calls the emulator received (429-answered included)
     * @param refused    calls it answered 429
     * @param givenUp    client calls that failed after their retries
     * @param finalRate  the client's pacing rate at the end (requests/s)
     */
    record Result(Mode mode, long calls, long refused, long givenUp, double seconds, double limit, double finalRate) {

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

    static Result once(Mode mode, double limit, double configured, int concurrency, int latencyMs, Duration length)
            throws Exception {
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
                for (Future<?> caller : running) {
                    caller.get();
                }
            } finally {
                callers.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            EmulatorCounts after = emulator.counts();
            return new Result(mode, after.totalCalls() - before.totalCalls(),
                    after.rateLimitedCalls() - before.rateLimitedCalls(), givenUp.get(), seconds, limit,
                    client.requestsPerSecond());
        }
    }
}
