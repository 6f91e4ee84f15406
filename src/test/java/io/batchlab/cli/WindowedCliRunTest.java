package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.provider.ProviderSettings;
import io.batchlab.server.WindowScenario;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batchlab run CONFIG --window EXPR} in real time: the same scenario as WildFly's WindowedRunsIT. */
class WindowedCliRunTest {

    @TempDir
    Path dir;

    private final ExecutorService cli = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopCli() throws InterruptedException {
        cli.shutdownNow();
        cli.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void runWithAWindowWaitsForItStopsAtItsCloseAndResumesAtTheNextOpeningSubmittingEveryUserOnce()
            throws Exception {
        // given: the configured provider is the scenario's emulator (any non-empty key satisfies it)
        System.setProperty(ProviderSettings.API_KEY, "emulator");
        Path root = JobTestRoots.create("windowed-cli-run-");
        try (WindowScenario scenario = WindowScenario.create(Files.createDirectories(dir.resolve("experiment")))) {
            scenario.awaitJustClosed();

            // when
            Future<Integer> exitCode = cli.submit(() -> Batchlab.run("--experiments", root.toString(), "run",
                    scenario.config().toString(), "--window", WindowScenario.WINDOW));

            // then
            ExperimentStore store = ExperimentStore.open(root);
            RunId run = await().atMost(WindowScenario.DEADLINE).until(store::runs, runs -> !runs.isEmpty()).get(0);
            scenario.assertQueuedUntilTheOpening(store, run);
            scenario.assertStoppedAtACloseAndResumed(store, run);
            assertThat(exitCode.get(WindowScenario.DEADLINE.toSeconds(), TimeUnit.SECONDS)).isZero();
            scenario.assertCompletedWithEveryUserSubmittedOnce(store, run);
        }
    }

    @Test
    void aBadWindowIsRejectedBeforeAnyRunIsCreatedNamingTheExpressionAndWhatIsAllowed() throws Exception {
        // given
        Path root = dir.resolve("experiments");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        int exitCode;
        try (WindowScenario scenario = WindowScenario.create(Files.createDirectories(dir.resolve("experiment")))) {
            System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));

            // when
            try {
                exitCode = Batchlab.run("--experiments", root.toString(), "run", scenario.config().toString(),
                        "--window", "22:00-06:00");
            } finally {
                System.setErr(originalErr);
            }
        }

        // then
        assertThat(exitCode).isEqualTo(1);
        assertThat(errors.toString(StandardCharsets.UTF_8)).contains(
                "--window: window '22:00-06:00' is invalid: '22:00-06:00' is not 'CRON for DURATION';"
                        + " allowed: one or more 'CRON for DURATION'",
                "e.g. '0 22 * * MON-FRI for 8h' (weekday nights)");
        assertThat(ExperimentStore.open(root).runs()).isEqualTo(List.of());
    }
}
