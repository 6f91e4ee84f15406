package io.batchlab.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * How to reach the provider and how hard to push it.
 *
 * <p>Keys (MicroProfile Config), each with its default: {@value #BASE_URL} (the API root including
 * {@code /openai/v1}, default {@value #DEFAULT_BASE_URL}), {@value #API_KEY} (no default),
 * {@value #REQUESTS_PER_SECOND} (5), {@value #MAX_CONCURRENCY} (4), {@value #MAX_RETRIES} (2),
 * {@value #INITIAL_BACKOFF} (PT0.5S), {@value #MAX_BACKOFF} (PT8S), {@value #CONNECT_TIMEOUT} (PT10S),
 * {@value #READ_TIMEOUT} (PT60S). Durations are ISO-8601 ({@code PT0.5S}). As in Groq's SDKs, {@code GROQ_API_KEY} and
 * {@code GROQ_BASE_URL} (host only, e.g. {@code https://api.groq.com}; {@code /openai/v1} is appended) are honoured when
 * the batchlab keys are absent.
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
        Duration readTimeout) {

    public static final String BASE_URL = "batchlab.provider.base-url";
    public static final String API_KEY = "batchlab.provider.api-key";
    public static final String REQUESTS_PER_SECOND = "batchlab.provider.requests-per-second";
    public static final String MAX_CONCURRENCY = "batchlab.provider.max-concurrency";
    public static final String MAX_RETRIES = "batchlab.provider.max-retries";
    public static final String INITIAL_BACKOFF = "batchlab.provider.initial-backoff";
    public static final String MAX_BACKOFF = "batchlab.provider.max-backoff";
    public static final String CONNECT_TIMEOUT = "batchlab.provider.connect-timeout";
    public static final String READ_TIMEOUT = "batchlab.provider.read-timeout";
    public static final String GROQ_API_KEY = "GROQ_API_KEY";
    public static final String GROQ_BASE_URL = "GROQ_BASE_URL";
    public static final String DEFAULT_BASE_URL = "https://api.groq.com/openai/v1";
    static final String API_PATH = "/openai/v1";

    public ProviderSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        requirePositive(requestsPerSecond > 0 && Double.isFinite(requestsPerSecond), REQUESTS_PER_SECOND, requestsPerSecond);
        requirePositive(maxConcurrency > 0, MAX_CONCURRENCY, maxConcurrency);
        if (maxRetries < 0) {
            throw new IllegalArgumentException(MAX_RETRIES + " must be 0 or more, was " + maxRetries);
        }
        requirePositive(!initialBackoff.isNegative(), INITIAL_BACKOFF, initialBackoff);
        requirePositive(maxBackoff.compareTo(initialBackoff) >= 0, MAX_BACKOFF + " (≥ " + INITIAL_BACKOFF + ")", maxBackoff);
        requirePositive(!connectTimeout.isNegative() && !connectTimeout.isZero(), CONNECT_TIMEOUT, connectTimeout);
        requirePositive(!readTimeout.isNegative() && !readTimeout.isZero(), READ_TIMEOUT, readTimeout);
    }

    /** Settings for the given base URL and key with every other value at its default (handy for the emulator). */
    public static ProviderSettings defaults(URI baseUrl, Secret apiKey) {
        return fromLookup(key -> Optional.empty()).withEndpoint(baseUrl, apiKey);
    }

    public static ProviderSettings fromConfig(Config config) {
        return fromLookup(key -> config.getOptionalValue(key, String.class));
    }

    /** From environment variables only: {@code GROQ_API_KEY}, {@code GROQ_BASE_URL}; defaults for the rest. */
    public static ProviderSettings fromEnvironment() {
        return fromLookup(key -> Optional.ofNullable(System.getenv(key)));
    }

    static ProviderSettings fromLookup(Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> present = key -> lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty());
        URI baseUrl = present.apply(BASE_URL).map(value -> uri(BASE_URL, value))
                .or(() -> present.apply(GROQ_BASE_URL).map(value -> uri(GROQ_BASE_URL, stripSlash(value) + API_PATH)))
                .orElse(URI.create(DEFAULT_BASE_URL));
        Secret apiKey = present.apply(API_KEY).or(() -> present.apply(GROQ_API_KEY)).map(Secret::of).orElse(null);
        return new ProviderSettings(
                baseUrl,
                apiKey,
                present.apply(REQUESTS_PER_SECOND).map(v -> number(REQUESTS_PER_SECOND, v)).orElse(5.0),
                present.apply(MAX_CONCURRENCY).map(v -> integer(MAX_CONCURRENCY, v)).orElse(4),
                present.apply(MAX_RETRIES).map(v -> integer(MAX_RETRIES, v)).orElse(2),
                present.apply(INITIAL_BACKOFF).map(v -> duration(INITIAL_BACKOFF, v)).orElse(Duration.ofMillis(500)),
                present.apply(MAX_BACKOFF).map(v -> duration(MAX_BACKOFF, v)).orElse(Duration.ofSeconds(8)),
                present.apply(CONNECT_TIMEOUT).map(v -> duration(CONNECT_TIMEOUT, v)).orElse(Duration.ofSeconds(10)),
                present.apply(READ_TIMEOUT).map(v -> duration(READ_TIMEOUT, v)).orElse(Duration.ofSeconds(60)));
    }

    public ProviderSettings withEndpoint(URI newBaseUrl, Secret newApiKey) {
        return new ProviderSettings(newBaseUrl, newApiKey, requestsPerSecond, maxConcurrency, maxRetries,
                initialBackoff, maxBackoff, connectTimeout, readTimeout);
    }

    public ProviderSettings withPacing(double newRequestsPerSecond, int newMaxConcurrency) {
        return new ProviderSettings(baseUrl, apiKey, newRequestsPerSecond, newMaxConcurrency, maxRetries,
                initialBackoff, maxBackoff, connectTimeout, readTimeout);
    }

    public ProviderSettings withRetries(int newMaxRetries, Duration newInitialBackoff, Duration newMaxBackoff) {
        return new ProviderSettings(baseUrl, apiKey, requestsPerSecond, maxConcurrency, newMaxRetries,
                newInitialBackoff, newMaxBackoff, connectTimeout, readTimeout);
    }

    public ProviderSettings withTimeouts(Duration newConnectTimeout, Duration newReadTimeout) {
        return new ProviderSettings(baseUrl, apiKey, requestsPerSecond, maxConcurrency, maxRetries,
                initialBackoff, maxBackoff, newConnectTimeout, newReadTimeout);
    }

    private static void requirePositive(boolean valid, String key, Object value) {
        if (!valid) {
            throw new IllegalArgumentException(key + " must be positive, was " + value);
        }
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static URI uri(String key, String value) {
        try {
            URI uri = new URI(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(key + " must be an http(s) URL such as " + DEFAULT_BASE_URL
                        + ", was \"" + value + "\"");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a valid URL: \"" + value + "\" (" + e.getReason() + ")", e);
        }
    }

    private static double number(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number such as 5 or 0.5, was \"" + value + "\"", e);
        }
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was \"" + value + "\"", e);
        }
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
