package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.emulator.GroqEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client configured at 1.6× the emulator's rate limit, over real HTTP: it learns the limit and stops being
 * answered 429. Counts calls, not time, so a slow machine makes it longer, not flaky.
 */
class AdaptivePacingEmulatorTest {

    private static final double LIMIT = 25;
    private static final int CALLERS = 4;

    @ParameterizedTest(name = "x-ratelimit headers sent: {0}")
    @ValueSource(booleans = {true, false})
    void aClientConfiguredAboveTheProvidersLimitLearnsItAndStopsBeingRefused(boolean headersSent) throws Exception {
        // given: the emulator allows 25 calls a second; the client is configured at 40
        try (GroqEmulator emulator = GroqEmulator.start(EmulatorSettings.defaults().withFaults(FaultSettings.none()
                .withLatency(Duration.ofMillis(10)).withRateLimitPerSecond(LIMIT).withRateLimitHeaders(headersSent)));
             BatchClient client = BatchClient.create(ProviderSettings.defaults(emulator.baseUri(), Secret.of("k"))
                     .withPacing(1.6 * LIMIT, CALLERS)
                     .withRetries(8, Duration.ofMillis(50), Duration.ofSeconds(1)))) {

            // when: 150 calls to converge, then 200 measured, from 4 callers at once
            calls(client, 150);
            EmulatorCounts before = emulator.counts();
            calls(client, 200);
            EmulatorCounts after = emulator.counts();

            // then
            long total = after.totalCalls() - before.totalCalls();
            long refused = after.rateLimitedCalls() - before.rateLimitedCalls();
            double refusedShare = (double) refused / total;
            if (headersSent) {
                assertThat(refusedShare).as("%d of %d calls answered 429", refused, total).isLessThan(0.01);
                assertThat(client.requestsPerSecond()).isLessThanOrEqualTo(LIMIT);
            } else {
                // learning from 429s alone means probing: an overload now and then, each ending in a few 429s
                assertThat(refusedShare).as("%d of %d calls answered 429", refused, total).isLessThan(0.05);
                assertThat(client.requestsPerSecond()).isLessThan(1.2 * LIMIT);
            }
        }
    }

    private static void calls(BatchClient client, int count) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            AtomicInteger left = new AtomicInteger(count);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                done.add(callers.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        assertThat(client.listModels()).isNotEmpty();
                    }
                    return null;
                }));
            }
            for (Future<?> call : done) {
                call.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
