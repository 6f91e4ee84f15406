package io.batchlab.provider;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * How to reach the provider and how hard to push it. Each setting has one owner: the run's config.yaml owns the
 * endpoint and the pacing ({@code provider.base_url}, {@code provider.requests_per_second},
 * {@code provider.max_concurrency}), which callers pass in; MicroProfile Config owns the rest.
 *
 * <p>MicroProfile Config keys, each with its default: {@value #API_KEY} (no default), {@value #MAX_RETRIES} (2),
 * {@value #INITIAL_BACKOFF} (PT0.5S), {@value #MAX_BACKOFF} (PT8S), {@value #CONNECT_TIMEOUT} (PT10S),
 * {@value #READ_TIMEOUT} (PT60S), {@value #ADAPTIVE_PACING} (true: the configured rate is a ceiling the client lowers
 * while the provider answers 429 or says its allowance runs low; false keeps it fixed). Durations are ISO-8601 ({@code PT0.5S}). As in Groq's SDKs, {@code GROQ_API_KEY} is
 * honoured when {@value #API_KEY} is absent.
 *
 * @param apiKey null when none is configured; {@link BatchClient#create} then fails with {@link MissingApiKeyException}
 */
public record ProviderSettings(
        URI baseUrl,
        Secret apiKey,
        double requestsPerSecond,
        int maxConcurrency,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration connectTimeout,
        Duration readTimeout,
        boolean adaptivePacing) {

    public static final String API_KEY = "batchlab.provider.api-key";
    public static final String MAX_RETRIES = "batchlab.provider.max-retries";
    public static final String INITIAL_BACKOFF = "batchlab.provider.initial-backoff";
    public static final String MAX_BACKOFF = "batchlab.provider.max-backoff";
    public static final String CONNECT_TIMEOUT = "batchlab.provider.connect-timeout";
    public static final String READ_TIMEOUT = "batchlab.provider.read-timeout";
    public static final String ADAPTIVE_PACING = "batchlab.provider.adaptive-pacing";
    public static final String GROQ_API_KEY = "GROQ_API_KEY";
    /** Groq's API base: what the allow-list holds by default (config.yaml's {@code provider.base_url} defaults to it). */
    public static final String DEFAULT_BASE_URL = "https://api.groq.com/openai/v1";

    public ProviderSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        requirePositive(requestsPerSecond > 0 && Double.isFinite(requestsPerSecond), "requestsPerSecond",
                requestsPerSecond);
        requirePositive(maxConcurrency > 0, "maxConcurrency", maxConcurrency);
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " must be 0 or more, was " + maxRetries);
        }
        requirePositive(!initialBackoff.isNegative(), INITIAL_BACKOFF, initialBackoff);
        requirePositive(maxBackoff.compareTo(initialBackoff) >= 0, MAX_BACKOFF + " (≥ " + INITIAL_BACKOFF + ")", maxBackoff);
        requirePositive(!connectTimeout.isNegative() && !connectTimeout.isZero(), CONNECT_TIMEOUT, connectTimeout);
        requirePositive(!readTimeout.isNegative() && !readTimeout.isZero(), READ_TIMEOUT, readTimeout);
    }

    /**
     * Settings for the given base URL and key, 5 calls per second, 4 at once, and every MicroProfile Config setting at
     * its default (handy for the emulator and tests).
     */
    public static ProviderSettings defaults(URI baseUrl, Secret apiKey) {
        return fromLookup(key -> Optional.empty(), baseUrl, 5, 4).withApiKey(apiKey);
    }

    /** The run's endpoint and pacing (its config.yaml), with the key, retries and timeouts from {@code config}. */
    public static ProviderSettings fromConfig(Config config, URI baseUrl, double requestsPerSecond, int maxConcurrency) {
        return fromLookup(key -> config.getOptionalValue(key, String.class), baseUrl, requestsPerSecond, maxConcurrency);
    }

    static ProviderSettings fromLookup(Function<String, Optional<String>> lookup, URI baseUrl, double requestsPerSecond,
                                       int maxConcurrency) {
        Function<String, Optional<String>> present = key -> lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty());
        Secret apiKey = present.apply(API_KEY).or(() -> present.apply(GROQ_API_KEY)).map(Secret::of).orElse(null);
        return new ProviderSettings(
                baseUrl,
                apiKey,
                requestsPerSecond,
                maxConcurrency,
                present.apply(MAX_RETRIES).map(v -> integer(MAX_RETRIES, v)).orElse(2),
                present.apply(INITIAL_BACKOFF).map(v -> duration(INITIAL_BACKOFF, v)).orElse(Duration.ofMillis(500)),
                present.apply(MAX_BACKOFF).map(v -> duration(MAX_BACKOFF, v)).orElse(Duration.ofSeconds(8)),
                present.apply(CONNECT_TIMEOUT).map(v -> duration(CONNECT_TIMEOUT, v)).orElse(Duration.ofSeconds(10)),
                present.apply(READ_TIMEOUT).map(v -> duration(READ_TIMEOUT, v)).orElse(Duration.ofSeconds(60)),
                present.apply(ADAPTIVE_PACING).map(v -> bool(ADAPTIVE_PACING, v)).orElse(true));
    }

    public ProviderSettings withPacing(double newRequestsPerSecond, int newMaxConcurrency) {
        return new ProviderSettings(baseUrl, apiKey, newRequestsPerSecond, newMaxConcurrency, maxRetries,
                initialBackoff, maxBackoff, connectTimeout, readTimeout, adaptivePacing);
    }

    public ProviderSettings withRetries(int newMaxRetries, Duration newInitialBackoff, Duration newMaxBackoff) {
        return new ProviderSettings(baseUrl, apiKey, requestsPerSecond, maxConcurrency, newMaxRetries,
                newInitialBackoff, newMaxBackoff, connectTimeout, readTimeout, adaptivePacing);
    }

    /** The same settings with the pacing adaptive (the default) or fixed at {@link #requestsPerSecond()}. */
    public ProviderSettings withAdaptivePacing(boolean adaptive) {
        return new ProviderSettings(baseUrl, apiKey, requestsPerSecond, maxConcurrency, maxRetries, initialBackoff,
                maxBackoff, connectTimeout, readTimeout, adaptive);
    }

    private ProviderSettings withApiKey(Secret newApiKey) {
        return new ProviderSettings(baseUrl, newApiKey, requestsPerSecond, maxConcurrency, maxRetries,
                initialBackoff, maxBackoff, connectTimeout, readTimeout, adaptivePacing);
    }

    private static void requirePositive(boolean valid, String key, Object value) {
        if (!valid) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was \"" + value + "\"", e);
        }
    }

    private static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was \"" + value + "\"");
        };
    }

    private static Duration duration(String key, String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT0.5S or PT8S, was \""
                    + value + "\"", e);
        }
    }
}
