package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs inside WildFly: the provider settings reach the application through MicroProfile Config. */
@ExtendWith(ArquillianExtension.class)
class ProviderConfigIT {

    @Deployment
    static WebArchive deployment() {
        return SmokeJobDeployment.createForInContainerTests();
    }

    @Test
    void providerBaseUrlComesFromTheServerConfigSource() {
        // when
        Config config = ConfigProvider.getConfig();

        // then
        assertThat(config.getValue("batchlab.provider.base-url", String.class))
                .isEqualTo("https://api.groq.com/openai/v1");
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
}
