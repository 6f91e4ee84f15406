package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.provider.ProviderSettings;
import io.batchlab.provider.Secret;
import jakarta.ws.rs.client.ClientBuilder;
import java.net.URI;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.resteasy.client.jaxrs.ClientHttpEngineBuilder;
import org.jboss.resteasy.client.jaxrs.ResteasyClientBuilder;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside WildFly: the provider settings that MicroProfile Config owns (the key) reach the application, the
 * run's endpoint is not overridden by the server, and the provider client finds the RESTEasy classes it configures.
 */
@ExtendWith(ArquillianExtension.class)
class ProviderConfigIT {

    @Deployment
    static WebArchive deployment() {
        return SmokeJobDeployment.createForInContainerTests();
    }

    @Test
    void theClientTakesTheKeyFromTheServersConfigAndTheEndpointAndPacingFromTheRun() {
        // given: a run's config.yaml names the endpoint and the pacing
        URI runBaseUrl = URI.create("http://127.0.0.1:8089/openai/v1");

        // when
        Config config = ConfigProvider.getConfig();
        ProviderSettings settings = ProviderSettings.fromConfig(config, runBaseUrl, 2.5, 3);

        // then: the key is the server's; the server has no endpoint setting that could compete with the run's
        assertThat(settings.apiKey()).isEqualTo(Secret.of("it-placeholder-not-a-key"));
        assertThat(settings.baseUrl()).isEqualTo(runBaseUrl);
        assertThat(settings.requestsPerSecond()).isEqualTo(2.5);
        assertThat(settings.maxConcurrency()).isEqualTo(3);
        assertThat(config.getOptionalValue("batchlab.provider.base-url", String.class)).isEmpty();
    }

    @Test
    void apiKeyComesFromTheServerProcessEnvironment() {
        // given: failsafe sets GROQ_API_KEY for the test JVM, whose child is the server (pom.xml)

        // when
        Config config = ConfigProvider.getConfig();

        // then
        assertThat(config.getValue("GROQ_API_KEY", String.class)).isEqualTo("it-placeholder-not-a-key");
        assertThat(config.getValue("groq.api.key", String.class)).isEqualTo("it-placeholder-not-a-key");
    }

    @Test
    void providerClientSeesResteasysEngineToSwitchOffItsHiddenRetries() throws Exception {
        // given: SingleAttemptHttpEngine falls back to the retrying default engine when these are not visible

        // when
        ClientBuilder builder = ClientBuilder.newBuilder();
        Class<?> engineBuilder = Class.forName("org.jboss.resteasy.client.jaxrs.engines.ClientHttpEngineBuilder43",
                false, ProviderConfigIT.class.getClassLoader());

        // then
        assertThat(builder).isInstanceOf(ResteasyClientBuilder.class);
        assertThat(ClientHttpEngineBuilder.class).isAssignableFrom(engineBuilder);
    }
}
