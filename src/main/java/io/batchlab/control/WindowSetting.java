package io.batchlab.control;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.window.BatchWindow;
import io.batchlab.window.InvalidWindowException;
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
     * @param explicit the operator's expression, or null
     * @throws InvalidWindowException for a bad expression, naming where it came from
     */
    public static Optional<BatchWindow> choose(String explicit, ExperimentConfig config) {
        ZoneId zone = config.experiment().timeZone();
        if (explicit != null) {
            return Optional.of(BatchWindow.parse(explicit, zone));
        }
        if (config.window().isPresent()) {
            return config.window();
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
