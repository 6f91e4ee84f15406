package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

    private static ProviderSettings fromMap(Map<String, String> values) {
        return ProviderSettings.fromLookup(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void usesTheOfficialSdkDefaults() {
        // when
        ProviderSettings settings = fromMap(Map.of());

        // then
        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://api.groq.com/openai/v1"));
        assertThat(settings.apiKey()).isNull();
        assertThat(settings.maxRetries()).isEqualTo(2);
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.requestsPerSecond()).isEqualTo(5.0);
        assertThat(settings.maxConcurrency()).isEqualTo(4);
    }

    @Test
    void honoursGroqEnvironmentVariablesAppendingTheApiPathToGroqBaseUrl() {
        // when
        ProviderSettings settings = fromMap(Map.of("GROQ_API_KEY", "gsk_env", "GROQ_BASE_URL", "http://127.0.0.1:9999/"));

        // then
        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9999/openai/v1"));
        assertThat(settings.apiKey().reveal()).isEqualTo("gsk_env");
    }

    @Test
    void prefersBatchlabKeysOverGroqEnvironmentVariables() {
        // when
        ProviderSettings settings = fromMap(Map.of(
                "GROQ_API_KEY", "gsk_env", "GROQ_BASE_URL", "http://env.example",
                ProviderSettings.API_KEY, "gsk_mp", ProviderSettings.BASE_URL, "http://127.0.0.1:1234/openai/v1"));

        // then
        assertThat(settings.apiKey().reveal()).isEqualTo("gsk_mp");
        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:1234/openai/v1"));
    }

    @Test
    void readsEveryKeyFromMicroProfileConfig() {
        // given
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                ProviderSettings.BASE_URL, "http://127.0.0.1:8080/openai/v1",
                ProviderSettings.API_KEY, "gsk_config",
                ProviderSettings.REQUESTS_PER_SECOND, "0.5",
                ProviderSettings.MAX_CONCURRENCY, "2",
                ProviderSettings.MAX_RETRIES, "5",
                ProviderSettings.INITIAL_BACKOFF, "PT0.1S",
                ProviderSettings.MAX_BACKOFF, "PT2S",
                ProviderSettings.CONNECT_TIMEOUT, "PT3S",
                ProviderSettings.READ_TIMEOUT, "PT30S"), "test", 500)).build();

        // when
        ProviderSettings settings = ProviderSettings.fromConfig(config);

        // then
        assertThat(settings).isEqualTo(new ProviderSettings(URI.create("http://127.0.0.1:8080/openai/v1"),
                Secret.of("gsk_config"), 0.5, 2, 5, Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(30)));
    }

    @Test
    void namesTheKeyAndTheAllowedFormInEveryBadValue() {
        assertThatThrownBy(() -> fromMap(Map.of(ProviderSettings.REQUESTS_PER_SECOND, "fast")))
                .hasMessageContaining("batchlab.provider.requests-per-second").hasMessageContaining("\"fast\"");
        assertThatThrownBy(() -> fromMap(Map.of(ProviderSettings.MAX_CONCURRENCY, "0")))
                .hasMessageContaining("batchlab.provider.max-concurrency must be positive");
        assertThatThrownBy(() -> fromMap(Map.of(ProviderSettings.INITIAL_BACKOFF, "500ms")))
                .hasMessageContaining("batchlab.provider.initial-backoff").hasMessageContaining("PT0.5S");
        assertThatThrownBy(() -> fromMap(Map.of("GROQ_BASE_URL", "api.groq.com")))
                .hasMessageContaining("GROQ_BASE_URL").hasMessageContaining("http(s) URL");
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
