package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No user or run id typed on the command line reaches outside the experiments root. */
class PathTraversalTest {

    @TempDir
    Path work;

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"../../outside", "/etc/passwd", "..", "a/../../outside", "31499533/../..", ""})
    void userIdThatIsAPathIsRefusedAndNothingIsCreated(String userId) throws IOException {
        // given
        Path root = work.resolve("experiments");
        Files.createDirectories(root);

        // when
        CliOutput outcome = CliOutput.of("--experiments", root.toString(), "runs", "--user", userId);

        // then
        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.stderr()).contains("user id");
        assertThat(everythingUnder(work)).allMatch(path -> path.startsWith(root) || path.equals(work));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"../../outside", "/etc/passwd", "20240408_CT_DS70B_001/../../x", ".."})
    void runIdThatIsAPathIsRefusedByEveryRunCommand(String runId) throws IOException {
        // given
        Path root = work.resolve("experiments");
        Files.createDirectories(root);

        for (String command : new String[] {"status", "restart", "collect", "stop"}) {
            // when
            CliOutput outcome = CliOutput.of("--experiments", root.toString(), command, runId);

            // then
            assertThat(outcome.exitCode()).as(command).isNotZero();
            assertThat(outcome.stderr()).as(command).containsIgnoringCase("run id");
        }
        assertThat(everythingUnder(work)).allMatch(path -> path.startsWith(root) || path.equals(work));
    }

    private static java.util.List<Path> everythingUnder(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.toList();
        }
    }
}
