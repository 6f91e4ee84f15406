package io.batchlab.job;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.batchlab.provider.ProviderSettings;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests whose job starts without an API key and gets one later ({@code System.setProperty(API_KEY, …)}): the
 * provider settings of {@link ProviderProperties} but the key, restored after each test. Skips the test where the
 * environment sets GROQ_API_KEY, which would always be found.
 */
final class WithoutApiKey implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(System.getenv(ProviderSettings.GROQ_API_KEY) == null, "GROQ_API_KEY is set in the environment");
        ProviderProperties.install();
        System.clearProperty(ProviderSettings.API_KEY);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ProviderProperties.restore();
    }
}
