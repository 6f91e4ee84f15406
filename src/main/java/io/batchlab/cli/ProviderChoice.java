package io.batchlab.cli;

import io.batchlab.config.ProviderConfig;
import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.launcher.LocalEmulator;
import java.io.IOException;
import java.io.PrintStream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Decides where requests go: to the configured provider when an API key is set (GROQ_API_KEY or the MicroProfile
 * Config key batchlab.provider.api-key), else to a built-in emulator started in this process — announced loudly,
 * because its answers are not an LLM's.
 */
final class ProviderChoice implements AutoCloseable {

    static final String API_KEY = "batchlab.provider.api-key";
    private final GroqEmulator emulator;

    private ProviderChoice(GroqEmulator emulator) {
        this.emulator = emulator;
    }

    /**
     * For commands that continue a run: its config.yaml names the provider, and a run made against an emulator
     * continues against a running emulator, which takes any key.
     */
    static void emulatorKeyUnlessSet() {
        if (!hasApiKey()) {
            System.setProperty(API_KEY, "emulator");
        }
    }

    static boolean hasApiKey() {
        String env = System.getenv("GROQ_API_KEY");
        if (env != null && !env.isBlank()) {
            return true;
        }
        return ConfigProvider.getConfig().getOptionalValue(API_KEY, String.class).filter(k -> !k.isBlank()).isPresent();
    }

    static ProviderChoice choose(boolean forceEmulator, EmulatorSettings settings, PrintStream out) throws IOException {
        if (!forceEmulator && hasApiKey()) {
            return new ProviderChoice(null);
        }
        GroqEmulator emulator = LocalEmulator.start(settings);
        // Any non-empty bearer token satisfies the emulator; this one is no secret.
        System.setProperty(API_KEY, "emulator");
        out.println((forceEmulator ? "Using" : "GROQ_API_KEY is not set: using")
                + " the built-in Groq emulator (not an LLM) at " + emulator.baseUri());
        return new ProviderChoice(emulator);
    }

    /** Points the run's provider section at the emulator when it stands in; else leaves it as configured. */
    ProviderConfig adjust(ProviderConfig configured) {
        return emulator == null ? configured : configured.withBaseUrl(emulator.baseUri());
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
