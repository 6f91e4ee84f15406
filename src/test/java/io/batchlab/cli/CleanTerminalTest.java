package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batchlab run} as a real process: the terminal shows progress, the command's own output and batchlab's
 * warnings in plain words; JBeret's, Weld's and batchlab's log lines go to experiments/.batchlab/logs/RUN_ID.log,
 * which never holds the key; {@code --verbose} puts them on the terminal too.
 */
class CleanTerminalTest {

    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final String KEY = "clean-terminal-key-5b9e1d";
    /** A log line as java.util.logging formats it for a developer: time, level, logger. */
    private static final Pattern LOG_LINE = Pattern.compile(
            "(?m)^\\d{2}:\\d{2}:\\d{2} (INFO|WARNING|SEVERE|FINE) [a-z]");
    private static final Pattern FRAMEWORK = Pattern.compile("(?i)org\\.jboss\\.weld|WELD-|Weld SE container|org\\.jberet|JBERET");

    @TempDir
    Path work;

    private Path root;

    @BeforeEach
    void legacyDirectory() throws Exception {
        // a deprecated legacy directory: batchlab warns once, which the user must see
        root = work.resolve("experiments");
        Files.createDirectories(root.resolve("batch_files"));
    }

    @Test
    void frameworkAndInfoLinesGoToTheRunsLogFileNotTheTerminalWarningsStayInPlainWords() throws Exception {
        try (GroqEmulator provider = CliProcess.emulator(quick())) {
            // given
            Cohort cohort = Cohort.write(work.resolve("cohort"), 3, provider.baseUri());

            // when
            CliProcess run = CliProcess.start(root, work.resolve("out"), "run", Map.of(), keyOption(),
                    "run", cohort.config().toString());

            // then: the terminal has the run's own output and the warning, in plain words, and no log line
            assertThat(run.awaitExit(DEADLINE)).as(run.stderr()).isZero();
            String terminal = run.stdout() + run.stderr();
            assertThat(terminal).contains("COMPLETED");
            assertThat(run.stderr()).contains("batchlab: warning: Legacy directories [batch_files]");
            assertThat(LOG_LINE.matcher(terminal).find()).as(terminal).isFalse();
            assertThat(FRAMEWORK.matcher(terminal).find()).as(terminal).isFalse();

            // and: the run's log file has them, with dates, and no key anywhere under the experiments root
            String log = Files.readString(logFile(), StandardCharsets.UTF_8);
            assertThat(FRAMEWORK.matcher(log).find()).as(log).isTrue();
            assertThat(log).containsPattern("(?m)^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO    io\\.batchlab\\.");
            assertThat(log).contains("Legacy directories [batch_files]");
            assertThat(SecretScan.filesContaining(KEY, root)).isEmpty();
        }
    }

    @Test
    void verboseShowsTheLogOnTheTerminalToo() throws Exception {
        try (GroqEmulator provider = CliProcess.emulator(quick())) {
            // given
            Cohort cohort = Cohort.write(work.resolve("cohort"), 2, provider.baseUri());

            // when
            CliProcess run = CliProcess.start(root, work.resolve("out"), "run", Map.of(), keyOption(),
                    "run", cohort.config().toString(), "--verbose");

            // then
            assertThat(run.awaitExit(DEADLINE)).as(run.stderr()).isZero();
            assertThat(LOG_LINE.matcher(run.stderr()).find()).as(run.stderr()).isTrue();
            assertThat(FRAMEWORK.matcher(run.stderr()).find()).as(run.stderr()).isTrue();
            assertThat(FRAMEWORK.matcher(Files.readString(logFile())).find()).isTrue();
            assertThat(SecretScan.filesContaining(KEY, root, work.resolve("out"))).isEmpty();
        }
    }

    private static EmulatorSettings quick() {
        return EmulatorSettings.defaults().withDurations(Duration.ofMillis(50), Duration.ofMillis(200),
                Duration.ofMillis(50));
    }

    private static List<String> keyOption() {
        return List.of("-D" + ProviderSettings.API_KEY + "=" + KEY);
    }

    private Path logFile() throws Exception {
        List<RunId> runs = ExperimentStore.open(root).runs();
        assertThat(runs).hasSize(1);
        return root.resolve(".batchlab").resolve("logs").resolve(runs.get(0) + ".log");
    }
}
