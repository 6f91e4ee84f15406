package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.emulator.GroqEmulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batchlab retry} as a user runs it, SIGKILLed while it asks again and continued with {@code batchlab restart}:
 * every request the first pass left unanswered reaches the provider exactly once more, no answered one again, and
 * every user ends complete.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RetryCrashIT {

    private static final int USERS = 120;
    private static final Duration PHASE = Duration.ofMinutes(4);
    private static final Map<String, String> ENV = Map.of("GROQ_API_KEY", "gsk_retry_crash_test");

    @TempDir
    Path work;

    @Test
    void retryKilledWhileAskingAgainIsRestartedAndAsksEveryMissingRequestExactlyOnce() throws Exception {
        // given: a finished run whose batches expired for about a third of its users
        Path root = work.resolve("experiments");
        Path logs = work.resolve("logs");
        EmulatorSettings quick = EmulatorSettings.defaults().withSeed(14L)
                .withDurations(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(100));
        try (GroqEmulator emulator = CliProcess.emulator(quick)) {
            Cohort cohort = Cohort.write(work.resolve("cohort"), USERS, emulator.baseUri());
            emulator.setFaults(FaultSettings.none().withExpireRate(0.35));
            CliProcess run = CliProcess.start(root, logs, "run", ENV, "run", cohort.config().toString());
            assertThat(run.awaitExit(PHASE)).as("exit of the first pass (2: some users incomplete); stderr:\n%s",
                    run.stderr()).isEqualTo(2);
            assertThat(run.stdout()).contains("batchlab retry ");
            String runId = runId(root);
            Map<String, List<String>> unanswered = new HashMap<>();
            for (String user : cohort.users()) {
                unanswered.put(user, strings(readJson(userFile(root, user, runId, "results.json")), "unanswered"));
            }
            long missingUsers = unanswered.values().stream().filter(ids -> !ids.isEmpty()).count();
            assertThat(missingUsers).as("users the first pass left without an answer").isBetween(10L, USERS - 10L);

            // when: the retry is killed part-way through asking again (every call slowed, so it takes a while)
            emulator.setFaults(FaultSettings.none().withLatency(Duration.ofMillis(40)));
            CliProcess retry = CliProcess.start(root, logs, "retry", ENV, "retry", runId);
            long killAt = missingUsers / 2;
            awaitWhileAlive(retry, () -> retriedUsers(emulator.counts(), runId) >= killAt);
            retry.kill();
            long retriedAtKill = retriedUsers(emulator.counts(), runId);
            assertThat(retriedAtKill).as("users asked again when killed").isLessThan(missingUsers);
            assertThat(readJson(root.resolve("runs").resolve(runId).resolve("status.json")).getString("state"))
                    .isEqualTo("RETRYING");

            // when: continued as after any crash
            emulator.setFaults(FaultSettings.none());
            CliProcess restart = CliProcess.start(root, logs, "restart", ENV, "restart", runId);
            int exit = restart.awaitExit(PHASE);

            // then: every missing request was asked exactly once more, no answered one again
            assertThat(exit).as("exit of the restart; stdout:\n%s\nstderr:\n%s", restart.stdout(), restart.stderr())
                    .isZero();
            EmulatorCounts counts = emulator.counts();
            for (String user : cohort.users()) {
                JsonObject results = readJson(userFile(root, user, runId, "results.json"));
                assertThat(results.getString("status")).as("status of " + user).isEqualTo("complete");
                for (JsonObject request : results.getJsonArray("requests").getValuesAs(JsonObject.class)) {
                    String customId = request.getString("custom_id");
                    assertThat(counts.requestsReceived(runId, user, customId))
                            .as("request %s of user %s received", customId, user)
                            .isEqualTo(unanswered.get(user).contains(customId) ? 2 : 1);
                }
            }
            JsonObject status = readJson(root.resolve("runs").resolve(runId).resolve("status.json"));
            assertThat(status.getString("state")).isEqualTo("COMPLETED");
            assertThat(status.getJsonObject("counts").getInt("completed")).isEqualTo(USERS);
            assertThat(status.getJsonObject("counts").getInt("failed")).isZero();

            // when: asked again with nothing missing
            CliProcess again = CliProcess.start(root, logs, "retry-again", ENV, "retry", runId);

            // then
            assertThat(again.awaitExit(PHASE)).isZero();
            assertThat(again.stdout()).contains("run " + runId + ": nothing is missing");
            assertThat(emulator.counts().requestsPerCustomId()).isEqualTo(counts.requestsPerCustomId());
        }
    }

    /** Users with a second batch at the provider: a retry attempt was created for them. */
    private static long retriedUsers(EmulatorCounts counts, String runId) {
        return counts.batchesPerRunUser().entrySet().stream()
                .filter(e -> e.getKey().startsWith(runId + "/") && e.getValue() >= 2).count();
    }

    private static String runId(Path root) throws IOException {
        try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
            return runs.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
    }

    private static Path userFile(Path root, String user, String runId, String name) {
        return root.resolve("users").resolve(user).resolve(runId).resolve(name);
    }

    private static List<String> strings(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static void awaitWhileAlive(CliProcess process, Callable<Boolean> reached) {
        await().atMost(PHASE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() -> {
            if (reached.call()) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("batchlab (pid " + process.pid() + ") ended before the kill point: "
                        + process.stdout() + process.stderr());
            }
            return false;
        });
    }

    private static JsonObject readJson(Path file) {
        try (InputStream in = Files.newInputStream(file); JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
