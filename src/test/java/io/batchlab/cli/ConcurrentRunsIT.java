package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.job.RunCreator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many run creations at once, in threads and in processes, and two runs over the same users side by side. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConcurrentRunsIT {

    private static final int CREATIONS = 50;

    @TempDir
    Path work;

    @Test
    void fiftyThreadsCreatingRunsAtOnceGetFiftyDistinctCompleteRuns() throws Exception {
        // given
        Cohort cohort = Cohort.write(work.resolve("cohort"), 5, java.net.URI.create("https://provider.invalid/openai/v1"));
        ExperimentStore store = ExperimentStore.open(work.resolve("experiments"));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CREATIONS);
        try {
            List<Future<RunId>> created = new ArrayList<>();
            for (int i = 0; i < CREATIONS; i++) {
                Callable<RunId> create = () -> {
                    start.await();
                    return RunCreator.create(store, cohort.config(), null, provider -> provider);
                };
                created.add(pool.submit(create));
            }

            // when
            start.countDown();
            List<RunId> ids = new ArrayList<>();
            for (Future<RunId> id : created) {
                ids.add(id.get(2, TimeUnit.MINUTES));
            }

            // then
            assertThat(ids).hasSize(CREATIONS).doesNotHaveDuplicates();
            assertThat(store.runs()).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(ids).allSatisfy(run -> assertCompleteRun(store, run, cohort.users().size()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fiftyProcessesCreatingRunsAtOnceGetFiftyDistinctCompleteRuns() throws Exception {
        // given
        Cohort cohort = Cohort.write(work.resolve("cohort"), 5, java.net.URI.create("https://provider.invalid/openai/v1"));
        Path root = work.resolve("experiments");
        ExperimentStore store = ExperimentStore.open(root);
        List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < CREATIONS; i++) {
                children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m",
                        "-cp", System.getProperty("java.class.path"), CreateRunMain.class.getName(),
                        root.toString(), cohort.config().toString())
                        .redirectError(work.resolve("child-" + i + ".err").toFile()).start());
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process child : children) {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("ready");
                outputs.add(out);
            }

            // when: all released at once
            for (Process child : children) {
                child.getOutputStream().close();
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < CREATIONS; i++) {
                assertThat(children.get(i).waitFor(3, TimeUnit.MINUTES)).isTrue();
                assertThat(children.get(i).exitValue()).as(Files.readString(work.resolve("child-" + i + ".err")))
                        .isZero();
                ids.add(outputs.get(i).readLine());
            }

            // then
            assertThat(ids).hasSize(CREATIONS).doesNotHaveDuplicates();
            assertThat(store.runs()).extracting(RunId::toString).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(store.runs()).allSatisfy(run -> assertCompleteRun(store, run, cohort.users().size()));
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void twoRunsOverTheSameUsersAtOnceKeepTheirOwnBatchesAndResults() throws Exception {
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults())) {
            // given
            Cohort cohort = Cohort.write(work.resolve("cohort"), 30, emulator.baseUri());
            Path root = work.resolve("experiments");
            Map<String, String> env = Map.of("GROQ_API_KEY", "gsk_SENTINEL_concurrent_0c3e");

            // when
            CliProcess first = CliProcess.start(root, work.resolve("logs"), "first", env, "run",
                    cohort.config().toString());
            CliProcess second = CliProcess.start(root, work.resolve("logs"), "second", env, "run",
                    cohort.config().toString());

            // then
            assertThat(first.awaitExit(Duration.ofMinutes(3))).as(first.stderr()).isZero();
            assertThat(second.awaitExit(Duration.ofMinutes(3))).as(second.stderr()).isZero();
            ExperimentStore store = ExperimentStore.open(root);
            List<RunId> runs = store.runs();
            assertThat(runs).hasSize(2);
            Map<String, Long> batches = emulator.counts().batchesPerRunUser();
            for (RunId run : runs) {
                for (String user : cohort.users()) {
                    assertThat(batches.get(run + "/" + user)).as("batches of " + run + "/" + user).isEqualTo(1);
                    JsonObject results = readJson(root.resolve("users").resolve(user).resolve(run.toString())
                            .resolve("results.json"));
                    assertThat(results.getString("run_id")).isEqualTo(run.toString());
                    assertThat(results.getString("status")).isEqualTo("complete");
                    assertThat(results.getJsonObject("batch").getJsonObject("metadata").getString("run_id"))
                            .isEqualTo(run.toString());
                }
            }
            assertThat(batches.values().stream().collect(Collectors.summingLong(Long::longValue)))
                    .isEqualTo(2L * cohort.users().size());
        }
    }

    private static void assertCompleteRun(ExperimentStore store, RunId run, int users) {
        try {
            assertThat(readJson(store.usersFile(run)).getJsonArray("users")).hasSize(users);
            JsonObject status = readJson(store.statusFile(run));
            assertThat(status.getString("run_id")).isEqualTo(run.toString());
            assertThat(status.getJsonObject("steps").getBoolean("config_created")).isTrue();
            assertThat(Files.readString(store.configFile(run))).contains("type: CT");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonObject readJson(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        }
    }
}
