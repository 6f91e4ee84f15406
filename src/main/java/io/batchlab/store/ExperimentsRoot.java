package io.batchlab.store;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/** Finds the experiments root: CLI option, then environment, then MicroProfile Config, then ./experiments. */
public final class ExperimentsRoot {

    public static final String ENV_VARIABLE = "BATCHLAB_EXPERIMENTS";
    public static final String CONFIG_KEY = "batchlab.experiments";
    public static final String DEFAULT = "experiments";

    private ExperimentsRoot() {
    }

    public static Path resolve(String cliOption) {
        return resolve(cliOption, System::getenv, ExperimentsRoot::fromMicroProfileConfig);
    }

    static Path resolve(String cliOption, Function<String, String> environment,
            Supplier<Optional<String>> config) {
        String chosen = Stream.<Supplier<String>>of(
                        () -> cliOption,
                        () -> environment.apply(ENV_VARIABLE),
                        () -> config.get().orElse(null))
                .map(Supplier::get)
                .filter(value -> value != null && !value.isBlank())
                .findFirst()
                .orElse(DEFAULT);
        return Path.of(chosen.strip());
    }

    private static Optional<String> fromMicroProfileConfig() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(CONFIG_KEY, String.class);
        } catch (IllegalStateException | ServiceConfigurationError noConfigImplementation) {
            return Optional.empty();
        }
    }
}
