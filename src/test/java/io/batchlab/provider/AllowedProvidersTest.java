package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.launcher.LocalEmulator;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** In Java SE (no server here): where a key may go. */
class AllowedProvidersTest {

    @AfterEach
    void clear() {
        System.clearProperty(AllowedProviders.CONFIG_KEY);
    }

    @Test
    void groqAndRemoteProvidersAreAllowedInJavaSe() {
        assertThatCode(() -> AllowedProviders.check(URI.create(ProviderSettings.DEFAULT_BASE_URL)))
                .doesNotThrowAnyException();
        assertThatCode(() -> AllowedProviders.check(URI.create("https://api.example.org/v1")))
                .doesNotThrowAnyException();
    }

    @Test
    void plainHttpToALoopbackPortThisProcessDidNotStartIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> AllowedProviders.check(URI.create("http://127.0.0.1:54321/openai/v1")))
                .isInstanceOf(ProviderNotAllowedException.class)
                .hasMessageContaining("plain HTTP to a port on this machine that this batchlab process did not start")
                .hasMessageContaining("--emulator")
                .hasMessageContaining("BATCHLAB_PROVIDER_ALLOWED_BASE_URLS=http://127.0.0.1:54321/openai/v1");
        assertThatThrownBy(() -> AllowedProviders.check(URI.create("http://localhost:54321/openai/v1")))
                .isInstanceOf(ProviderNotAllowedException.class);
    }

    @Test
    void anEmulatorThisProcessStartedIsAllowedAndOnlyAtItsOwnAddress() throws Exception {
        try (GroqEmulator emulator = LocalEmulator.start(EmulatorSettings.defaults())) {
            assertThatCode(() -> AllowedProviders.check(emulator.baseUri())).doesNotThrowAnyException();
            assertThatCode(() -> AllowedProviders.check(URI.create(emulator.baseUri() + "/"))).doesNotThrowAnyException();
            assertThatThrownBy(() -> AllowedProviders.check(URI.create("http://127.0.0.1:" + emulator.port()
                    + "/elsewhere"))).isInstanceOf(ProviderNotAllowedException.class);
        }
    }

    @Test
    void anAdministratorListedUrlIsAllowed() {
        System.setProperty(AllowedProviders.CONFIG_KEY, "http://127.0.0.1:54321/openai/v1/ , https://api.groq.com");
        assertThatCode(() -> AllowedProviders.check(URI.create("http://127.0.0.1:54321/openai/v1")))
                .doesNotThrowAnyException();
    }

    @Test
    void urlsAreComparedWithDefaultPortsSpelledOut() {
        assertThat(AllowedProviders.normal(URI.create("HTTPS://API.groq.com/openai/v1/")))
                .isEqualTo(AllowedProviders.normal(URI.create("https://api.groq.com:443/openai/v1")));
    }
}
