package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.batchlab.config.DataRoots;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.job.RunCreator;
import io.batchlab.launcher.LocalEmulator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.ExperimentsRoot;
import io.batchlab.store.RunId;
import io.batchlab.window.BatchWindow;
import io.batchlab.window.InvalidWindowException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside WildFly: {@link WindowedRuns} keeps a run inside its window with the server's
 * ManagedScheduledExecutorService — the same real-time scenario as the Java SE CLI's WindowedCliRunTest.
 */
@ExtendWith(ArquillianExtension.class)
class WindowedRunsIT {

    /** The emulator of the scenario runs in the server, on the JDK's HTTP server. */
    private static final String JDK_HTTP_SERVER = """
            <jboss-deployment-structure>
              <deployment>
                <dependencies>
                  <module name="jdk.httpserver"/>
                </dependencies>
              </deployment>
            </jboss-deployment-structure>
            """;

    @Inject
    WindowedRuns windowedRuns;

    @Deployment
    static WebArchive deployment() {
        // the WAR carries no emulator: the scenario brings its own into the server
        return SmokeJobDeployment.createForInContainerTests()
                .addPackage(GroqEmulator.class.getPackage())
                .addClass(LocalEmulator.class)
                .addClass(WindowScenario.class)
                .addAsWebInfResource(new StringAsset(JDK_HTTP_SERVER), "jboss-deployment-structure.xml");
    }

    /**
     * The server's experiments root (arquillian.xml sets MicroProfile Config's batchlab.experiments for all ITs), the
     * one WindowedRuns uses; changing it here would move the other ITs' runs.
     */
    private static ExperimentStore useExperimentsRoot() throws IOException {
        return ExperimentStore.open(ExperimentsRoot.resolve(null));
    }

    @Test
    void aQueuedRunWaitsForItsWindowStopsAtItsCloseAndResumesAtTheNextOpeningSubmittingEveryUserOnce()
            throws Exception {
        // given
        Path dir = Files.createTempDirectory(Files.createDirectories(DataRoots.configured().base()), "windowed-runs-it-");
        ExperimentStore store = useExperimentsRoot();
        try (WindowScenario scenario = WindowScenario.create(Files.createDirectories(dir.resolve("experiment")))) {
            RunId run = RunCreator.create(store, scenario.config(), null, provider -> provider);
            scenario.awaitJustClosed();

            // when
            BatchWindow window = windowedRuns.queue(run, WindowScenario.WINDOW);

            // then
            assertThat(window.expression()).isEqualTo(WindowScenario.WINDOW);
            scenario.assertQueuedUntilTheOpening(store, run);
            scenario.assertStoppedAtACloseAndResumed(store, run);
            scenario.assertCompletedWithEveryUserSubmittedOnce(store, run);
            await().atMost(WindowScenario.DEADLINE).until(() -> !windowedRuns.isScheduled(run));
        }
    }

    @Test
    void aBadWindowIsRejectedNamingTheExpressionAndWhatIsAllowed() throws Exception {
        // given
        Path dir = Files.createTempDirectory(Files.createDirectories(DataRoots.configured().base()), "windowed-runs-it-");
        ExperimentStore store = useExperimentsRoot();
        try (WindowScenario scenario = WindowScenario.create(Files.createDirectories(dir.resolve("experiment")))) {
            RunId run = RunCreator.create(store, scenario.config(), null, provider -> provider);

            // when
            Throwable rejected = catchThrowable(
                    () -> windowedRuns.queue(run, "0 22 * * MON-FRI"));

            // then
            assertThat(rejected).isInstanceOf(InvalidWindowException.class)
                    .hasMessageContaining("window '0 22 * * MON-FRI' is invalid")
                    .hasMessageContaining("allowed: one or more 'CRON for DURATION'");
            assertThat(windowedRuns.isScheduled(run)).isFalse();
        }
    }
}
