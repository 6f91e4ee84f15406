package io.batchlab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a config file may make the loader do: no alias bomb, no deep nesting, no huge file pins a CPU or the heap. */
class ExperimentConfigLoaderLimitsTest {

    /** Far longer than loading a real config takes, far shorter than walking millions of nodes. */
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @BeforeEach
    void createInputData() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/records.jsonl"), "{\"user_id\":\"1\",\"text\":\"hi\"}\n");
    }

    @Test
    void anAliasFanOutBelowSnakeYamlsAliasLimitIsRefusedNamingTheFile() throws IOException {
        // given: 15 levels that each alias the one before three times: 45 aliases, 1000 * 3^15 (14 billion) answers
        Path file = write(aliasFanOut(1000, 15, 3) + ExperimentConfigLoaderTest.MINIMAL.replace(
                "allowed_answers: [yes, no]", "allowed_answers: *l15"));

        // when
        ConfigException e = assertTimeoutPreemptively(QUICKLY, () -> loadFails(file));

        // then
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(file);
            assertThat(problem.line()).isZero();
            assertThat(problem.message()).isEqualTo("expands to more than 100000 YAML nodes through its aliases "
                    + "(*name) and anchors (&name), more than any config needs; write the values out instead of "
                    + "multiplying them with aliases");
        });
        assertThat(e).hasMessageContaining(file.toString());
    }

    @Test
    void anInlineConfigGoesThroughTheSameBound() {
        // given: the runs API's inline config text
        String yaml = aliasFanOut(1000, 15, 3) + ExperimentConfigLoaderTest.MINIMAL.replace(
                "allowed_answers: [yes, no]", "allowed_answers: *l15");

        // when
        ConfigException e = assertTimeoutPreemptively(QUICKLY, () -> catchThrowableOfType(
                () -> ExperimentConfigLoader.load(yaml, "config_yaml", dir), ConfigException.class));

        // then
        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(Path.of("config_yaml"));
            assertThat(problem.message()).startsWith("expands to more than 100000 YAML nodes");
        });
    }

    @Test
    void aFewAliasesThatStayUnderTheBoundAreFine() throws IOException {
        // given: an anchor reused once, as people do
        Path file = write(ExperimentConfigLoaderTest.MINIMAL
                .replace("description: \"Closed target experiment\"", "description: &about \"Closed target experiment\"")
                .replace("prompt:\n", "prompt:\n  system: *about\n"));

        // when
        ExperimentConfig config = ExperimentConfigLoader.load(file);

        // then
        assertThat(config.prompt().system()).isEqualTo("Closed target experiment");
    }

    @Test
    void moreAliasesThanSnakeYamlAllowsAreRefused() throws IOException {
        // given: 52 aliases
        Path file = write(ExperimentConfigLoaderTest.MINIMAL + aliasFanOut(1, 26, 2));

        // when
        ConfigException e = assertTimeoutPreemptively(QUICKLY, () -> loadFails(file));

        // then
        assertThat(e.problems()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("Number of aliases for non-scalar nodes exceeds the "
                        + "specified max=50"));
    }

    @Test
    void nestingDeeperThanFiftyIsRefused() throws IOException {
        // given
        Path file = write(ExperimentConfigLoaderTest.MINIMAL + "deep: " + "[".repeat(60) + "]".repeat(60) + "\n");

        // when
        ConfigException e = loadFails(file);

        // then
        assertThat(e.problems()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("Nesting Depth exceeded max 50"));
    }

    @Test
    void aFileOfMoreThanAMebiCodePointsIsRefused() throws IOException {
        // given
        Path file = write(ExperimentConfigLoaderTest.MINIMAL.replace("\"Closed target experiment\"",
                "\"" + "x".repeat(1 << 20) + "\""));

        // when
        ConfigException e = loadFails(file);

        // then
        assertThat(e.problems()).singleElement().satisfies(problem ->
                assertThat(problem.message()).contains("exceeds the limit: 1048576 code points"));
    }

    @Test
    void aSelfReferencingAliasIsRefusedNotAStackOverflow() throws IOException {
        // given
        Path file = write(ExperimentConfigLoaderTest.MINIMAL + "loop: &loop [*loop]\n");

        // when
        ConfigException e = assertTimeoutPreemptively(QUICKLY, () -> loadFails(file));

        // then
        assertThat(e.problems()).singleElement().satisfies(problem ->
                assertThat(problem.message()).startsWith("expands to more than 100000 YAML nodes"));
    }

    /**
     * A list of {@code width} scalars anchored {@code &l0}, then {@code levels} anchors {@code &l1 .. &lN}, each a list
     * of {@code fanOut} aliases of the one before: {@code levels * fanOut} aliases of lists, expanding to
     * {@code width * fanOut^levels} scalars.
     */
    private static String aliasFanOut(int width, int levels, int fanOut) {
        StringBuilder yaml = new StringBuilder("fan_out:\n  - &l0 [").append("x, ".repeat(width - 1)).append("x]\n");
        for (int level = 1; level <= levels; level++) {
            yaml.append("  - &l").append(level).append(" [");
            for (int i = 0; i < fanOut; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("config.yaml"), yaml);
    }

    private static ConfigException loadFails(Path file) {
        return catchThrowableOfType(() -> ExperimentConfigLoader.load(file), ConfigException.class);
    }
}
