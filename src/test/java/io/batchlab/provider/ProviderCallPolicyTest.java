package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProviderCallPolicyTest {

    private static ProviderSettings settings() {
        return ProviderSettings.defaults(URI.create("http://127.0.0.1:1/openai/v1"), Secret.of("k"));
    }

    private static ProviderException rateLimited(Duration retryAfter) {
        return ProviderExceptionMapper.create(429, null, "rate_limit_exceeded", "requests", "slow down", retryAfter);
    }

    @Test
    void backsOffExponentiallyFromHalfASecondCappedAtEightSeconds() {
        // given
        ProviderCallPolicy policy = new ProviderCallPolicy(settings(), () -> 0.0);
        ProviderException failure = rateLimited(null);

        // then
        assertThat(policy.delayBefore(1, failure)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delayBefore(2, failure)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayBefore(4, failure)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayBefore(6, failure)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void jitterShortensTheBackoffByAtMostAQuarter() {
        // given
        ProviderCallPolicy policy = new ProviderCallPolicy(settings(), () -> 0.999_999);

        // then
        assertThat(policy.delayBefore(2, rateLimited(null))).isBetween(Duration.ofMillis(750), Duration.ofMillis(751));
    }

    @Test
    void waitsExactlyWhatTheServerAsksUpToSixtySeconds() {
        // given
        ProviderCallPolicy policy = new ProviderCallPolicy(settings(), () -> 0.5);

        // then
        assertThat(policy.delayBefore(1, rateLimited(Duration.ofMillis(1234)))).isEqualTo(Duration.ofMillis(1234));
        assertThat(policy.delayBefore(1, rateLimited(Duration.ofSeconds(60)))).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.delayBefore(1, rateLimited(Duration.ofSeconds(61))))
                .as("longer asks fall back to the backoff").isEqualTo(Duration.ofNanos(437_500_000));
    }

    @Test
    void aRateLimitAnswerLowersThePaceAndAFixedPacingIgnoresIt() {
        // given: each policy's first attempt is answered 429, the retry succeeds
        ProviderSettings settings = settings().withPacing(1000, 4).withRetries(1, Duration.ZERO, Duration.ZERO);
        ProviderCallPolicy adaptive = new ProviderCallPolicy(settings, () -> 0.0);
        ProviderCallPolicy fixed = new ProviderCallPolicy(settings.withAdaptivePacing(false), () -> 0.0);

        // when
        for (ProviderCallPolicy policy : List.of(adaptive, fixed)) {
            List<String> attempts = new CopyOnWriteArrayList<>();
            assertThat(policy.call("list models", () -> {
                attempts.add("attempt");
                if (attempts.size() == 1) {
                    throw rateLimited(Duration.ZERO);
                }
                return "ok";
            })).isEqualTo("ok");
        }

        // then
        assertThat(adaptive.requestsPerSecond()).isLessThan(1000).isGreaterThanOrEqualTo(1000 * AdaptivePacer.DECREASE);
        assertThat(fixed.requestsPerSecond()).isEqualTo(1000);
    }

    @Test
    void countsEveryAttemptAndEvery429IncludingRetriesAndFailures() {
        // given: a call answered 429 twice, then 200; a call that fails with a 400 (not retried)
        ProviderCallCounts counts = new ProviderCallCounts();
        ProviderCallPolicy policy = new ProviderCallPolicy(
                settings().withPacing(1000, 4).withRetries(3, Duration.ZERO, Duration.ZERO), () -> 0.0, counts);
        List<String> attempts = new CopyOnWriteArrayList<>();

        // when
        policy.call("list models", () -> {
            attempts.add("attempt");
            if (attempts.size() <= 2) {
                throw rateLimited(Duration.ZERO);
            }
            return "ok";
        });
        assertThatThrownBy(() -> policy.call("retrieve batch b1", () -> {
            throw ProviderExceptionMapper.create(400, null, "invalid_request", null, "bad", null);
        })).isInstanceOf(ProviderException.class);

        // then
        assertThat(counts.calls()).isEqualTo(4);
        assertThat(counts.throttled()).isEqualTo(2);
    }

    @Test
    void aSubmissionWaitsWhileAPollOrDownloadIsQueuedButNotWhileOneRuns() throws Exception {
        // given: one call at a time, held by a first prompt call; a second prompt call queues for the slot
        ProviderCallPolicy policy = new ProviderCallPolicy(settings().withPacing(1000, 1), () -> 0.0);
        List<String> started = new CopyOnWriteArrayList<>();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = call(() -> policy.call("first", () -> {
            holding.countDown();
            waitFor(release);
            return started.add("first");
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        Thread poll = queued(call(() -> policy.call("poll", () -> started.add("poll"))));

        // when: a submission arrives, then another prompt call
        Thread upload = queued(call(() -> policy.call(ProviderCallPolicy.Turn.SUBMISSION, "upload",
                () -> started.add("upload"))));
        Thread download = queued(call(() -> policy.call("download", () -> started.add("download"))));
        release.countDown();
        for (Thread thread : List.of(first, poll, upload, download)) {
            thread.join(10_000);
        }

        // then: the download, though it came later, went before the upload
        assertThat(started).containsExactly("first", "poll", "download", "upload");
    }

    private static Thread call(Runnable call) {
        Thread thread = new Thread(call);
        thread.start();
        return thread;
    }

    /** Waits until {@code thread} blocks: queued for the provider's slot or for its turn. */
    private static Thread queued(Thread thread) {
        await().atMost(Duration.ofSeconds(10)).until(() -> thread.getState() == Thread.State.WAITING
                || thread.getState() == Thread.State.TIMED_WAITING);
        return thread;
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
