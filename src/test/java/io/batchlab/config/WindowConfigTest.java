package io.batchlab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.batchlab.window.BatchWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowConfigTest {

    private static final String BERLIN_EXPERIMENT =
            ExperimentConfigLoaderTest.MINIMAL.replace("type: CT\n", "type: CT\n  time_zone: Europe/Berlin\n");

    @TempDir
    Path dir;

    @BeforeEach
    void createInputData() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/records.jsonl"), "{\"user_id\":\"1\",\"text\":\"hi\"}\n");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void aConfigWithoutWindowMayRunAtAnyTime() throws IOException {
        // when
        ExperimentConfig config = ExperimentConfigLoader.load(write(BERLIN_EXPERIMENT));

        // then
        assertThat(config.window()).isEmpty();
        assertThat(ExperimentConfigWriter.toYaml(config)).doesNotContainPattern("(?m)^window:");
    }

    @Test
    void aWindowExpressionIsReadInTheExperimentsTimeZone() throws IOException {
        // given
        Path file = write(BERLIN_EXPERIMENT + "window: \"0 22 * * MON-FRI for 8h\"\n");

        // when
        ExperimentConfig config = ExperimentConfigLoader.load(file);

        // then
        assertThat(config.window()).contains(BatchWindow.parse("0 22 * * MON-FRI for 8h", ZoneId.of("Europe/Berlin")));
    }

    @Test
    void aListOfOpeningsFormsOneWindow() throws IOException {
        // given
        Path file = write(BERLIN_EXPERIMENT + """
                window:
                  - 0 22 * * MON-THU for 8h
                  - 0 22 * * FRI for 56h
                """);

        // when
        ExperimentConfig config = ExperimentConfigLoader.load(file);

        // then
        assertThat(config.window().orElseThrow().expression())
                .isEqualTo("0 22 * * MON-THU for 8h; 0 22 * * FRI for 56h");
    }

    @Test
    void aWrittenWindowLoadsBackEqual() throws IOException {
        // given: a seconds-level window, which must be quoted in YAML because it starts with '*'
        ExperimentConfig original = ExperimentConfigLoader.load(
                write(BERLIN_EXPERIMENT + "window: \"*/20 * * * * * for 5s\"\n"));

        // when
        Path copy = dir.resolve("copy.yaml");
        Files.writeString(copy, ExperimentConfigWriter.toYaml(original));
        ExperimentConfig loaded = ExperimentConfigLoader.load(copy);

        // then
        assertThat(Files.readString(copy)).contains("window: '*/20 * * * * * for 5s'");
        assertThat(loaded).isEqualTo(original);
    }

    @Test
    void aBadWindowIsReportedWithFileLineKeyExpressionAndWhatIsAllowed() throws IOException {
        // given
        Path file = write(BERLIN_EXPERIMENT + "window: \"0 25 * * MON-FRI for 8h\"\n");

        // when
        ConfigException e = catchThrowableOfType(() -> ExperimentConfigLoader.load(file), ConfigException.class);

        // then
        assertThat(e.problems()).hasSize(1);
        ConfigProblem problem = e.problems().get(0);
        assertThat(problem.file()).isEqualTo(file);
        assertThat(problem.line()).isEqualTo(13);
        assertThat(problem.key()).isEqualTo("window");
        assertThat(problem.message())
                .startsWith("window '0 25 * * MON-FRI for 8h' is invalid: cron '0 25 * * MON-FRI' is not valid")
                .contains("allowed: one or more 'CRON for DURATION'");
    }

    @Test
    void aWindowThatIsAMappingIsReportedWithWhatIsAllowed() throws IOException {
        // given
        Path file = write(BERLIN_EXPERIMENT + "window:\n  open: 0 22 * * *\n");

        // when
        ConfigException e = catchThrowableOfType(() -> ExperimentConfigLoader.load(file), ConfigException.class);

        // then
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("window");
            assertThat(problem.message()).contains("must be a list, found a mapping", "CRON for DURATION");
        });
    }
}
