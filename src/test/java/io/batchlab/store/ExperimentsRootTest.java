package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExperimentsRootTest {

    private static final Map<String, String> ENV = Map.of("BATCHLAB_EXPERIMENTS", "/data/env-experiments");
    private static final Optional<String> CONFIG = Optional.of("/data/config-experiments");

    @Test
    void cliOptionWinsOverEverything() {
        assertThat(ExperimentsRoot.resolve("/data/cli", ENV::get, () -> CONFIG)).isEqualTo(Path.of("/data/cli"));
    }

    @Test
    void environmentComesBeforeConfig() {
        assertThat(ExperimentsRoot.resolve(null, ENV::get, () -> CONFIG))
                .isEqualTo(Path.of("/data/env-experiments"));
    }

    @Test
    void configIsUsedWhenCliAndEnvironmentAreBlank() {
        // given
        Map<String, String> blankEnv = Map.of("BATCHLAB_EXPERIMENTS", "  ");

        // then
        assertThat(ExperimentsRoot.resolve(" ", blankEnv::get, () -> CONFIG))
                .isEqualTo(Path.of("/data/config-experiments"));
    }

    @Test
    void defaultsToExperimentsInTheWorkingDirectory() {
        assertThat(ExperimentsRoot.resolve("", name -> null, Optional::empty)).isEqualTo(Path.of("experiments"));
    }

    @Test
    void blankConfigValueFallsBackToTheDefault() {
        assertThat(ExperimentsRoot.resolve(null, name -> null, () -> Optional.of("")))
                .isEqualTo(Path.of("experiments"));
    }

    @Test
    void readsTheMicroProfileConfigKey() {
        assumeTrue(System.getenv(ExperimentsRoot.ENV_VARIABLE) == null, "the environment would win");
        // given: system properties are a default MicroProfile Config source
        String key = ExperimentsRoot.CONFIG_KEY;
        String before = System.getProperty(key);
        System.setProperty(key, "/data/from-microprofile");
        try {
            // then
            assertThat(ExperimentsRoot.resolve(null)).isEqualTo(Path.of("/data/from-microprofile"));
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
