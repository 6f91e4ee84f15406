package io.batchlab.job;

import io.batchlab.provider.ProviderSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The MicroProfile Config keys the job's provider client reads, set as system properties (a default config source,
 * read on every lookup): any key satisfies the emulator, and few, short retries keep injected faults quick. A job test
 * class declares {@code @ExtendWith(ProviderProperties.class)}; a test that needs them per test calls install/restore.
 */
final class ProviderProperties implements BeforeAllCallback, AfterAllCallback {

    private static final Map<String, String> VALUES = Map.of(
            ProviderSettings.API_KEY, "test-key-not-a-secret",
            ProviderSettings.MAX_RETRIES, "1",
            ProviderSettings.INITIAL_BACKOFF, "PT0.01S",
            ProviderSettings.MAX_BACKOFF, "PT0.05S");
    private static final Map<String, String> BEFORE = new HashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        restore();
    }

    static synchronized void install() {
        VALUES.forEach((key, value) -> {
            BEFORE.put(key, System.getProperty(key));
            System.setProperty(key, value);
        });
    }

    static synchronized void restore() {
        BEFORE.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        BEFORE.clear();
    }
}
