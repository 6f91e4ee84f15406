package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.config.ExperimentConfigLoader;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

    private static final URI RUN_BASE_URL = URI.create("https://api.groq.com/openai/v1");

    /** The MicroProfile Config part, for a run whose config.yaml says {@link #RUN_BASE_URL}, 5 per second, 4 at once. */
    private static ProviderSettings fromMap(Map<String, String> values) {
        return ProviderSettings.fromLookup(key -> Optional.ofNullable(values.get(key)), RUN_BASE_URL, 5, 4);
    }

    @Test
    void usesTheOfficialSdkDefaults() {
        // when
        ProviderSettings settings = fromMap(Map.of());

        // then
        assertThat(settings.apiKey()).isNull();
        assertThat(settings.maxRetries()).isEqualTo(2);
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.adaptivePacing()).isTrue();
    }

    @Test
    void defaultsPaceLikeARunWhoseConfigLeavesThePacingOut() {
        // when
        ProviderSettings settings = ProviderSettings.defaults(RUN_BASE_URL, Secret.of("gsk_defaults"));

        // then
        assertThat(settings.baseUrl()).isEqualTo(RUN_BASE_URL);
        assertThat(settings.apiKey()).isEqualTo(Secret.of("gsk_defaults"));
        assertThat(settings.requestsPerSecond()).isEqualTo(ExperimentConfigLoader.DEFAULT_REQUESTS_PER_SECOND);
        assertThat(settings.maxConcurrency()).isEqualTo(ExperimentConfigLoader.DEFAULT_MAX_CONCURRENCY);
    }

    @Test
    void honoursGroqsApiKeyEnvironmentVariable() {
        // when
        ProviderSettings settings = fromMap(Map.of("GROQ_API_KEY", "gsk_env"));

        // then
        assertThat(settings.apiKey().reveal()).isEqualTo("gsk_env");
    }

    @Test
    void prefersBatchlabsKeyOverGroqsEnvironmentVariable() {
        // when
        ProviderSettings settings = fromMap(Map.of("GROQ_API_KEY", "gsk_env", ProviderSettings.API_KEY, "gsk_mp"));

        // then
        assertThat(settings.apiKey().reveal()).isEqualTo("gsk_mp");
    }

    @Test
    void theEndpointAndThePacingAreTheRunsWhateverMicroProfileConfigSays() {
        // given: the keys that once competed with config.yaml, and Groq's SDK variable for the endpoint
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "batchlab.provider.base-url", "http://127.0.0.1:1234/openai/v1",
                "GROQ_BASE_URL", "http://127.0.0.1:9999",
                "batchlab.provider.requests-per-second", "0.5",
                "batchlab.provider.max-concurrency", "1"), "test", 500)).build();

        // when
        ProviderSettings settings = ProviderSettings.fromConfig(config, URI.create("http://127.0.0.1:8089/openai/v1"),
                20, 8);

        // then
        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089/openai/v1"));
        assertThat(settings.requestsPerSecond()).isEqualTo(20.0);
        assertThat(settings.maxConcurrency()).isEqualTo(8);
    }

    @Test
    void readsEveryKeyItOwnsFromMicroProfileConfig() {
        // given
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                ProviderSettings.API_KEY, "gsk_config",
                ProviderSettings.MAX_RETRIES, "5",
                ProviderSettings.INITIAL_BACKOFF, "PT0.1S",
                ProviderSettings.MAX_BACKOFF, "PT2S",
                ProviderSettings.CONNECT_TIMEOUT, "PT3S",
                ProviderSettings.READ_TIMEOUT, "PT30S",
                ProviderSettings.ADAPTIVE_PACING, "False"), "test", 500)).build();

        // when
        ProviderSettings settings = ProviderSettings.fromConfig(config, URI.create("http://127.0.0.1:8080/openai/v1"),
                0.5, 2);

        // then
        assertThat(settings).isEqualTo(new ProviderSettings(URI.create("http://127.0.0.1:8080/openai/v1"),
                Secret.of("gsk_config"), 0.5, 2, 5, Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(30), false));
    }

    @Test
    void namesTheKeyAndTheAllowedFormInEveryBadValue() {
        assertThatThrownBy(() -> fromMap(Map.of(ProviderSettings.MAX_RETRIES, "twice")))
                .hasMessageContaining("batchlab.provider.max-retries").hasMessageContaining("\"twice\"");
        assertThatThrownBy(() -> fromMap(Map.of(ProviderSettings.MAX_RETRIES, "-1")))
                .hasMessageContaining("batchlab.provider.max-retries must be 0 or more");
        assertThatThrownBy(() -> fromMap(Map.of(ProviderSettings.INITIAL_BACKOFF, "500ms")))
                .hasMessageContaining("batchlab.provider.initial-backoff").hasMessageContaining("PT0.5S");
        assertThatThrownBy(() -> fromMap(Map.of(ProviderSettings.READ_TIMEOUT, "PT0S")))
                .hasMessageContaining("batchlab.provider.read-timeout must be positive");
        assertThatThrownBy(() -> fromMap(Map.of(ProviderSettings.ADAPTIVE_PACING, "yes")))
                .hasMessageContaining("batchlab.provider.adaptive-pacing must be true or false, was \"yes\"");
    }

    @Test
    void neverPrintsTheKey() {
        // given
        ProviderSettings settings = fromMap(Map.of("GROQ_API_KEY", "gsk_top_secret"));

        // when
        String printed = settings + " " + settings.apiKey();

        // then
        assertThat(printed).doesNotContain("gsk_top_secret").contains("apiKey=***");
    }

    @Test
    void refusesToBuildAClientWithoutAKeyAndSaysWhatToSet() {
        // given
        ProviderSettings settings = fromMap(Map.of());

        // when / then
        assertThatThrownBy(() -> BatchClient.create(settings))
                .isInstanceOf(MissingApiKeyException.class)
                .hasMessageContaining("GROQ_API_KEY")
                .hasMessageContaining("batchlab.provider.api-key");
    }
}
