package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus under {@code src/test/resources/bad-input/}: every case makes {@code batchlab run} exit
 * nonzero with a message naming the file and the place, and leaves the experiments tree — including an earlier
 * run — exactly as it was.
 */
class BadInputTest {

    private static final String EARLIER_RUN = "20240408_CT_DS70B_001";

    @TempDir
    Path work;

    private Path corpus;
    private Path root;

    @BeforeEach
    void copyCorpusAndSeedAnEarlierRun() throws IOException, URISyntaxException {
        corpus = work.resolve("bad-input");
        Path source = Path.of(BadInputTest.class.getResource("/bad-input").toURI());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path target = corpus.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        root = work.resolve("experiments");
        Path run = Files.createDirectories(root.resolve("runs").resolve(EARLIER_RUN));
        Files.writeString(run.resolve("config.yaml"), "# an earlier run's config\n");
        Files.writeString(run.resolve("users.json"), "{\"users\": [\"31499533\"]}\n");
        Files.writeString(run.resolve("status.json"), "{\"steps\": {}}\n");
        Path user = Files.createDirectories(root.resolve("users").resolve("31499533").resolve(EARLIER_RUN));
        Files.writeString(user.resolve("results.json"), "{\"status\": \"complete\"}\n");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                bad("yaml-syntax-error", List.of(), "yaml-syntax-error/config.yaml:8:", "YAML syntax error"),
                bad("unknown-key", List.of(), "unknown-key/config.yaml:13:1: promt: unknown key"),
                bad("wrong-type", List.of(), "wrong-type/config.yaml:13:20: provider.max_concurrency: must be an "
                        + "integer"),
                bad("missing-required-key", List.of(), "missing-required-key/config.yaml:5:1: model.id: is required"),
                bad("unknown-type", List.of(), "unknown-type/config.yaml:2:9: experiment.type"),
                bad("unknown-model-code", List.of(), "unknown-model-code/config.yaml:6:9: model.code"),
                bad("completion-window-out-of-range", List.of(),
                        "completion-window-out-of-range/config.yaml:12:22: provider.completion_window: '30d'"),
                bad("malformed-users-json", List.of("--users", "users.json"),
                        "malformed-users-json/users.json line 2, column 68: invalid JSON"),
                bad("non-utf8-users-json", List.of("--users", "users.json"),
                        "non-utf8-users-json/users.json is not UTF-8: byte 0xFC at line 3, byte offset 30"),
                bad("duplicated-users", List.of("--users", "users.json"),
                        "'31499533' appears twice in the users of ", "duplicated-users/users.json: entries 1 and 3"),
                bad("traversal-user-id", List.of("--users", "users.json"),
                        "invalid user id '../../../etc' in ", "traversal-user-id/users.json entry 2"),
                bad("absolute-user-id", List.of("--users", "users.json"),
                        "invalid user id '/etc/passwd' in ", "absolute-user-id/users.json entry 2"),
                bad("empty-user-list", List.of("--users", "users.json"),
                        "the run has no users", "empty-user-list/users.json lists none"),
                bad("traversal-user-id-in-input", List.of(),
                        "invalid user id '../../escape' in ", "traversal-user-id-in-input/posts.jsonl line 2"),
                bad("non-utf8-input", List.of(), "non-utf8-input/posts.jsonl line 2: not valid UTF-8"),
                bad("missing-input-file", List.of(), "missing-input-file/config.yaml:18:10: input.jsonl",
                        "no-such-posts.jsonl does not exist"));
    }

    private static Arguments bad(String name, List<String> options, String... expected) {
        return Arguments.of(name, options, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputIsRefusedWithFileAndPlaceAndChangesNothing(String name, List<String> options, List<String> expected)
            throws IOException {
        // given
        Path caseDir = corpus.resolve(name);
        List<String> args = new ArrayList<>(List.of("--experiments", root.toString(), "run", "--emulator",
                caseDir.resolve("config.yaml").toString()));
        for (String option : options) {
            args.add(option.startsWith("--") ? option : caseDir.resolve(option).toString());
        }
        Map<String, String> before = snapshot(root);

        // when
        CliOutput outcome = runInProcess(args);

        // then
        assertThat(outcome.exitCode()).as("exit code; stdout:\n%s", outcome.stdout()).isNotZero();
        assertThat(outcome.stderr()).contains(expected);
        assertThat(snapshot(root)).as("the experiments tree").isEqualTo(before);
    }

    @Test
    void missingConfigFileIsNamed() throws IOException {
        // given
        Path missing = corpus.resolve("no-such-config.yaml");
        Map<String, String> before = snapshot(root);

        // when
        CliOutput outcome = runInProcess(List.of("--experiments", root.toString(), "run", "--emulator",
                missing.toString()));

        // then
        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.stderr()).contains(missing.toString());
        assertThat(snapshot(root)).isEqualTo(before);
    }

    @Test
    void experimentsRootThatCannotBeWrittenIsNamed() throws IOException {
        // given: a regular file where the root should be (root ignores permission bits, a file it cannot ignore)
        Path notADirectory = Files.writeString(work.resolve("experiments-is-a-file"), "not a directory\n");

        // when
        CliOutput outcome = runInProcess(List.of("--experiments", notADirectory.toString(), "run", "--emulator",
                corpus.resolve("valid").resolve("config.yaml").toString()));

        // then
        assertThat(outcome.exitCode()).isNotZero();
        assertThat(outcome.stderr()).contains("experiments root", notADirectory.toString());
        assertThat(Files.readString(notADirectory)).isEqualTo("not a directory\n");
    }

    /** Runs the CLI in this JVM, undoing the emulator key it sets for itself. */
    private static CliOutput runInProcess(List<String> args) {
        String apiKey = System.getProperty(ProviderChoice.API_KEY);
        try {
            return CliOutput.of(args.toArray(String[]::new));
        } finally {
            if (apiKey == null) {
                System.clearProperty(ProviderChoice.API_KEY);
            } else {
                System.setProperty(ProviderChoice.API_KEY, apiKey);
            }
        }
    }

    /** Every file of the two views with a digest of its content; the scratch area {@code .batchlab/} is not a view. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String relative = root.relativize(path).toString();
                if (relative.startsWith(".batchlab")) {
                    continue;
                }
                files.put(relative, Files.isDirectory(path) ? "dir" : digest(path));
            }
        }
        return files;
    }

    private static String digest(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
