package io.batchlab.provider;

import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The one place where provider calls are retried and paced: every attempt waits for its slot from the
 * {@link AdaptivePacer} (at most {@code requestsPerSecond}, lower while the provider answers 429 or its
 * {@code x-ratelimit-*} headers say its allowance runs low) and passes a Failsafe bulkhead ({@code maxConcurrency});
 * retryable failures (connection errors, 408, 409,
 * 429, 498, 5xx) are retried up to {@code maxRetries} times, waiting what the server asks for when it is at most 60 s,
 * else backing off exponentially from {@code initialBackoff} to {@code maxBackoff} with up to 25 % jitter — the rules
 * of Groq's and OpenAI's official SDKs. Submissions yield to every other call while both queue ({@link CallPriority}).
 */
final class ProviderCallPolicy {

    private static final Logger LOG = Logger.getLogger(ProviderCallPolicy.class.getName());
    private static final Duration LONGEST_HONOURED_RETRY_AFTER = Duration.ofSeconds(60);
    private static final Duration LONGEST_PACING_WAIT = Duration.ofMinutes(10);
    private static final Duration LONGEST_CONCURRENCY_WAIT = Duration.ofHours(1);

    private final ProviderSettings settings;
    private final DoubleSupplier random;
    private final AdaptivePacer pacer;
    private final Bulkhead<Object> bulkhead;
    private final CallPriority priority = new CallPriority();
    private final ProviderCallCounts counts;

    /** Whether a call goes first or lets others go first when both queue for the pacing. */
    enum Turn {
        /** Polls, downloads, lookups: what collecting and checking need. */
        PROMPT,
        /** Uploads and batch creations: new work, which can wait a moment for the others. */
        SUBMISSION
    }

    ProviderCallPolicy(ProviderSettings settings) {
        this(settings, () -> ThreadLocalRandom.current().nextDouble(), ProviderCallCounts.process());
    }

    /** @param random source of jitter in [0, 1) */
    ProviderCallPolicy(ProviderSettings settings, DoubleSupplier random) {
        this(settings, random, new ProviderCallCounts());
    }

    /** @param counts where every attempt and every 429 is counted */
    ProviderCallPolicy(ProviderSettings settings, DoubleSupplier random, ProviderCallCounts counts) {
        this.settings = settings;
        this.random = random;
        this.counts = counts;
        this.pacer = new AdaptivePacer(settings.requestsPerSecond(), settings.adaptivePacing(), System::nanoTime);
        this.bulkhead = Bulkhead.<Object>builder(settings.maxConcurrency())
                .withMaxWaitTime(LONGEST_CONCURRENCY_WAIT)
                .build();
    }

    /**
     * Paced, and retried on retryable failures. Use only for requests that can be sent again as they are: reads,
     * deletes, cancels, and uploads (their body is re-read from the file on disk for every attempt).
     */
    <T> T call(String operation, Supplier<T> attempt) {
        return call(Turn.PROMPT, operation, attempt);
    }

    <T> T call(Turn turn, String operation, Supplier<T> attempt) {
        return call(turn, operation, attempt, failure -> failure instanceof ProviderException e && e.retryable());
    }

    /**
     * Paced, and retried only when the provider surely did not act on the request (429, 498, connection refused):
     * for calls that must not run twice, such as creating a batch (the API has no idempotency key).
     */
    <T> T callAtMostOnce(Turn turn, String operation, Supplier<T> attempt) {
        return call(turn, operation, attempt, ProviderCallPolicy::surelyNotProcessed);
    }

    private static boolean surelyNotProcessed(Throwable failure) {
        if (failure instanceof ProviderIoException) {
            for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ConnectException) {
                    return true;
                }
            }
            return false;
        }
        return failure instanceof ProviderException e && (e.status() == 429 || e.status() == 498);
    }

    private <T> T call(Turn turn, String operation, Supplier<T> attempt, Predicate<Throwable> retryable) {
        if (turn == Turn.SUBMISSION) {
            try {
                priority.awaitSubmissionTurn();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderIoException(operation + ": interrupted while waiting for its turn", e);
            }
            return paced(operation, attempt, retryable);
        }
        priority.promptQueued();
        AtomicBoolean queued = new AtomicBoolean(true);
        Runnable leaveQueue = () -> {
            if (queued.compareAndSet(true, false)) {
                priority.promptLeftQueue();
            }
        };
        try {
            return paced(operation, () -> {
                leaveQueue.run();
                return attempt.get();
            }, retryable);
        } finally {
            leaveQueue.run();
        }
    }

    private <T> T paced(String operation, Supplier<T> attempt, Predicate<Throwable> retryable) {
        RetryPolicy<Object> retries = RetryPolicy.builder()
                .handleIf((result, failure) -> failure != null && retryable.test(failure))
                .withMaxRetries(settings.maxRetries())
                .withDelayFn(context -> delayBefore(context.getAttemptCount(), context.getLastException()))
                .onRetryScheduled(event -> LOG.info(() -> operation + ": retry " + event.getAttemptCount()
                        + " of " + settings.maxRetries() + " in " + event.getDelay().toMillis() + " ms after: "
                        + event.getLastException().getMessage()))
                .build();
        try {
            return Failsafe.with(retries).get(() -> {
                AdaptivePacer.Slot slot = awaitSlot();
                return Failsafe.with(bulkhead).get(() -> sent(operation, attempt, slot));
            });
        } catch (BulkheadFullException | NoSlot e) {
            throw new ProviderIoException(operation + ": no slot to call the provider within the pacing limits", e);
        }
    }

    /** Not retried: a call that found no slot within the longest wait, or was interrupted while waiting, gives up. */
    private static final class NoSlot extends RuntimeException {
        NoSlot(Throwable cause) {
            super(cause);
        }
    }

    /** The provider's request-limit headers, from any answer (read by the REST client's response filter). */
    void observed(RateLimitHeaders headers) {
        pacer.observed(headers);
    }

    /** The rate calls are paced at now (requests per second), at most the configured one. */
    double requestsPerSecond() {
        return pacer.requestsPerSecond();
    }

    private AdaptivePacer.Slot awaitSlot() {
        AdaptivePacer.Slot slot = pacer.reserve(LONGEST_PACING_WAIT).orElseThrow(() -> new NoSlot(null));
        try {
            TimeUnit.NANOSECONDS.sleep(slot.waitNanos()); // the pacing itself, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoSlot(e);
        }
        return slot;
    }

    /**
     * One attempt, counted; a 429 tells the pacer which slot was refused, so one overload lowers the rate once (the
     * count, though, has every 429).
     */
    private <T> T sent(String operation, Supplier<T> attempt, AdaptivePacer.Slot slot) {
        counts.sent();
        try {
            return translated(operation, attempt);
        } catch (ProviderException e) {
            if (e.status() == 429) {
                counts.throttledOne();
                pacer.throttled(slot);
            }
            throw e;
        }
    }

    /** The wait before retry number {@code retry} (1-based) after {@code failure}. */
    Duration delayBefore(int retry, Throwable failure) {
        if (failure instanceof ProviderException e && e.retryAfter().isPresent()) {
            Duration asked = e.retryAfter().get();
            if (!asked.isNegative() && asked.compareTo(LONGEST_HONOURED_RETRY_AFTER) <= 0) {
                return asked;
            }
        }
        double exponential = settings.initialBackoff().toNanos() * Math.pow(2, Math.max(0, retry - 1));
        double capped = Math.min(exponential, settings.maxBackoff().toNanos());
        double jitter = 1 - 0.25 * random.getAsDouble();
        return Duration.ofNanos((long) (capped * jitter));
    }

    private static <T> T translated(String operation, Supplier<T> attempt) {
        try {
            return attempt.get();
        } catch (ProcessingException e) {
            if (e.getCause() instanceof ProviderException provider) {
                throw provider;
            }
            throw new ProviderIoException(operation + " failed: " + describe(e), e);
        }
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof IOException)) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
