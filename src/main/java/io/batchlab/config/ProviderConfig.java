package io.batchlab.config;

import io.batchlab.store.Deployment;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to talk to the Batch API.
 *
 * @param baseUrl           API base, e.g. {@code https://api.groq.com/openai/v1}
 * @param completionWindow  the batch completion window as sent to the provider, {@code 24h} to {@code 7d}
 * @param maxConcurrency    at most this many API calls at once
 * @param requestsPerSecond at most this many API calls per second
 * @param pollInterval      time between status checks of submitted batches
 * @param collectDeadline   the collect step stops (restartably) once it has waited this long
 * @param maxCost           {@code max_cost}: USD; submitting stops (restartably) before the estimate of what is
 *                          submitted would pass it
 * @param pack              {@code pack}: how many users share one provider batch
 */
public record ProviderConfig(URI baseUrl, String completionWindow, int maxConcurrency, double requestsPerSecond,
                             Duration pollInterval, Duration collectDeadline, Optional<BigDecimal> maxCost,
                             PackConfig pack) {

    public ProviderConfig {
        Objects.requireNonNull(maxCost, "maxCost");
        Objects.requireNonNull(pack, "pack");
    }

    /** One batch per user. */
    public ProviderConfig(URI baseUrl, String completionWindow, int maxConcurrency, double requestsPerSecond,
                          Duration pollInterval, Duration collectDeadline, Optional<BigDecimal> maxCost) {
        this(baseUrl, completionWindow, maxConcurrency, requestsPerSecond, pollInterval, collectDeadline, maxCost,
                PackConfig.ONE_USER);
    }

    /** Without a cost cap. */
    public ProviderConfig(URI baseUrl, String completionWindow, int maxConcurrency, double requestsPerSecond,
                          Duration pollInterval, Duration collectDeadline) {
        this(baseUrl, completionWindow, maxConcurrency, requestsPerSecond, pollInterval, collectDeadline,
                Optional.empty());
    }

    public ProviderConfig withBaseUrl(URI newBaseUrl) {
        return new ProviderConfig(newBaseUrl, completionWindow, maxConcurrency, requestsPerSecond, pollInterval,
                collectDeadline, maxCost, pack);
    }

    public ProviderConfig withPack(PackConfig newPack) {
        return new ProviderConfig(baseUrl, completionWindow, maxConcurrency, requestsPerSecond, pollInterval,
                collectDeadline, maxCost, newPack);
    }

    public ProviderConfig withRequestsPerSecond(double newRequestsPerSecond) {
        return new ProviderConfig(baseUrl, completionWindow, maxConcurrency, newRequestsPerSecond, pollInterval,
                collectDeadline, maxCost, pack);
    }

    /** The completion window as a duration, e.g. 48 hours for {@code 2d}. */
    public Duration completionWindowLength() {
        return CompletionWindows.parse(completionWindow).orElseThrow(() -> new IllegalStateException(
                "completion window " + Deployment.quote(completionWindow) + " is not 24h to 168h or 1d to 7d"));
    }
}
