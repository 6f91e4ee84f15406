package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.provider.AllowedProviders;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batchlab run --detach} as real processes: the background JVM gets what BATCHLAB_JAVA_OPTS gave. */
class DetachedRunTest {

    private static final Pattern BACKGROUND_PID = Pattern.compile("running in the background \\(pid (\\d+)\\)");
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path work;

    @Test
    void aKeyGivenWithMinusDReachesTheBackgroundRunWhichUsesTheConfiguredProvider() throws Exception {
        try (GroqEmulator provider = GroqEmulator.start(EmulatorSettings.defaults()
                .withDurations(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(50)))) {
            // given: the key and the loopback provider's permission only as -D options, as BATCHLAB_JAVA_OPTS puts them
            Cohort cohort = Cohort.write(work.resolve("cohort"), 3, provider.baseUri());
            Path root = work.resolve("experiments");
            List<String> javaOpts = List.of("-D" + ProviderSettings.API_KEY + "=detached-test-key-7f3a",
                    "-D" + AllowedProviders.CONFIG_KEY + "=" + provider.baseUri());

            // when
            CliProcess parent = CliProcess.start(root, work.resolve("logs"), "detach", Map.of(), javaOpts,
                    "run", cohort.config().toString(), "--detach");
            assertThat(parent.awaitExit(DEADLINE)).as(parent.stderr()).isZero();
            Optional<ProcessHandle> child = backgroundRun(parent.stdout());
            try {
                if (child.isPresent()) {
                    child.get().onExit().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                }
            } finally {
                child.ifPresent(ProcessHandle::destroyForcibly);
            }

            // then: the configured provider, not a built-in emulator, answered every user, called with the key
            assertThat(provider.bearerTokens()).containsExactly("detached-test-key-7f3a");
            ExperimentStore store = ExperimentStore.open(root);
            List<RunId> runs = store.runs();
            assertThat(runs).hasSize(1);
            for (String user : cohort.users()) {
                assertThat(provider.counts().batchesPerRunUser().get(runs.get(0) + "/" + user))
                        .as("batches of " + user).isEqualTo(1);
            }
        }
    }

    @Test
    void systemPropertiesAndMemoryOptionsAreInheritedButNotAgentsOrDebuggers() {
        // given
        List<String> parent = List.of("-Dbatchlab.provider.api-key=k", "-Xmx2g", "-XX:+UseG1GC",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:/tmp/jacoco.jar",
                "-Xdebug", "-Xrunjdwp:transport=dt_socket", "--add-opens=java.base/java.lang=ALL-UNNAMED");

        // when
        List<String> child = Detached.inheritedJvmOptions(parent);

        // then
        assertThat(child).containsExactly("-Dbatchlab.provider.api-key=k", "-Xmx2g", "-XX:+UseG1GC");
    }

    /** The background run's process; empty when it has already ended. */
    private static Optional<ProcessHandle> backgroundRun(String parentOutput) {
        Matcher pid = BACKGROUND_PID.matcher(parentOutput);
        assertThat(pid.find()).as("the parent names the background pid:\n" + parentOutput).isTrue();
        return ProcessHandle.of(Long.parseLong(pid.group(1)));
    }
}
