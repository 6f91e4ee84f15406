package io.batchlab.window;

import java.time.ZoneId;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Which window a run gets, most specific first: the operator's explicit choice ({@code batchlab run --window}, a
 * REST parameter), else the window of its config.yaml, else the installation's default from MicroProfile Config
 * {@value #CONFIG_KEY}. None of them: the run may work at any time. Windows are read in the experiment's time zone.
 */
public final class WindowSetting {

    public static final String CONFIG_KEY = "batchlab.window";

    private WindowSetting() {
    }

    /**
     * @param explicit   the operator's expression, or null
     * @param configured the window of the run's config.yaml
     * @param zone       the experiment's time zone
     * @throws InvalidWindowException for a bad expression, naming where it came from
     */
    public static Optional<BatchWindow> choose(String explicit, Optional<BatchWindow> configured, ZoneId zone) {
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(BatchWindow.parse(explicit, zone));
        }
        if (configured.isPresent()) {
            return configured;
        }
        return ConfigProvider.getConfig().getOptionalValue(CONFIG_KEY, String.class).map(text -> {
            try {
                return BatchWindow.parse(text, zone);
            } catch (InvalidWindowException e) {
                throw new InvalidWindowException("MicroProfile Config " + CONFIG_KEY, e);
            }
        });
    }
}
