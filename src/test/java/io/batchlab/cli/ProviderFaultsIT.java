package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code batchlab run} process against a misbehaving provider (the emulator's fault knobs). Every run ends
 * with a clear outcome: each request answered or listed with its reason, nothing dropped, each user submitted once,
 * retries bounded, and the summary and status.json saying what failed and how to retry. The API key is a sentinel
 * that must appear in no file and no output.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProviderFaultsIT {

    private static final String SENTINEL_KEY = "gsk_SENTINEL_faults_93b0d5e1c7";
    private static final Map<String, String> ENV = Map.of("GROQ_API_KEY", SENTINEL_KEY);

    @TempDir
    Path work;

    @Test
    void flakyProviderStillGivesEveryUserOneBatchAndEveryRequestAnAnswerOrAReason() throws Exception {
        // given: 5 % 5xx, 5 % 429 with retry-after, 2 % dropped connections, 1 % malformed output lines
        FaultSettings faults = FaultSettings.none().withServerErrorRate(0.05).withRateLimitedRate(0.05)
                .withConnectionResetRate(0.02).withMalformedOutputRate(0.01);
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults().withFaults(faults));
             StatusJsonWatcher watcher = new StatusJsonWatcher(work.resolve("experiments"))) {
            Cohort cohort = Cohort.write(work.resolve("cohort"), 150, emulator.baseUri());

            // when
            Outcome outcome = run(cohort.config());

            // then
            assertThat(outcome.exit()).as("exit; stderr:\n%s", outcome.stderr()).isIn(0, Summary.INCOMPLETE_RESULTS);
            assertEveryRequestAnsweredOrListed(outcome, cohort.users());
            EmulatorCounts counts = emulator.counts();
            assertThat(perUser(counts.batchesPerRunUser())).hasSize(cohort.users().size())
                    .allSatisfy((user, n) -> assertThat(n).as("batches of " + user).isEqualTo(1));
            long uploadAndCreateCalls = counts.calls("POST /files") + counts.calls("POST /batches");
            assertThat(uploadAndCreateCalls).as("upload and create calls, retries included: more than once each, "
                    + "but bounded")
                    .isGreaterThan(2L * cohort.users().size()).isLessThan(3L * cohort.users().size());
            assertStatusJsonKeptItsInvariants(watcher);
            assertNoSecretAnywhere(outcome);
        }
    }

    @Test
    void expiredFailedAndMalformedBatchesAreListedWithTheirReasonAndHowToRetry() throws Exception {
        // given
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults().withSeed(7))) {
            Cohort cohort = Cohort.write(work.resolve("cohort"), 20, emulator.baseUri());
            String expired = cohort.users().get(3);
            String failed = cohort.users().get(11);
            emulator.setFaults(FaultSettings.none().withExpireUsers(Set.of(expired)).withFailUsers(Set.of(failed))
                    .withMalformedOutputRate(0.3));

            // when
            Outcome outcome = run(cohort.config());

            // then
            assertThat(outcome.exit()).isEqualTo(Summary.INCOMPLETE_RESULTS);
            assertEveryRequestAnsweredOrListed(outcome, cohort.users());
            JsonObject status = readJson(outcome.statusFile());
            Map<String, String> reasons = problems(status);
            assertThat(reasons.get(expired)).contains("ended expired", "unanswered");
            assertThat(reasons.get(failed)).contains("ended failed", "unanswered");
            assertThat(reasons).hasSizeGreaterThan(2).as("malformed output lines");
            assertThat(outcome.stdout()).contains("user " + expired + " (collect): batch ",
                    "to ask again only what is missing: batchlab retry " + outcome.runId());
            JsonObject expiredResults = readJson(outcome.userFile(expired, "results.json"));
            assertThat(expiredResults.getString("status")).isEqualTo("failed");
            assertThat(expiredResults.getJsonArray("unanswered")).hasSize(1);
            assertNoSecretAnywhere(outcome);
        }
    }

    @Test
    void flakyProviderPackedRunSubmitsEveryPackOnceAndEveryRequestGetsAnAnswerOrAReason() throws Exception {
        // given: the same faults, 150 users in packs of ten
        FaultSettings faults = FaultSettings.none().withServerErrorRate(0.05).withRateLimitedRate(0.05)
                .withConnectionResetRate(0.02).withMalformedOutputRate(0.01);
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults().withFaults(faults));
             StatusJsonWatcher watcher = new StatusJsonWatcher(work.resolve("experiments"))) {
            Cohort cohort = Cohort.write(work.resolve("cohort"), 150, emulator.baseUri()).packed("{users: 10}");

            // when
            Outcome outcome = run(cohort.config());

            // then: one upload and one batch per pack, each user in one pack, retries bounded
            assertThat(outcome.exit()).as("exit; stderr:\n%s", outcome.stderr()).isIn(0, Summary.INCOMPLETE_RESULTS);
            assertEveryRequestAnsweredOrListed(outcome, cohort.users());
            EmulatorCounts counts = emulator.counts();
            Map<String, Long> packs = perUser(counts.batchesPerRunUser());
            assertThat(packs).isEqualTo(perUser(counts.uploadsPerRunUser()))
                    .allSatisfy((pack, n) -> assertThat(n).as("batches of " + pack).isEqualTo(1));
            assertThat(packs.keySet()).allMatch(pack -> pack.startsWith("pack-"));
            assertThat(packs.size()).isBetween(15, 15 + 8);
            assertThat(usersPerPack(outcome, cohort.users())).as("users in packs")
                    .isEqualTo(cohort.users().size());
            long uploadAndCreateCalls = counts.calls("POST /files") + counts.calls("POST /batches");
            assertThat(uploadAndCreateCalls).as("upload and create calls, retries included, but bounded")
                    .isBetween(2L * packs.size(), 3L * packs.size());
            assertStatusJsonKeptItsInvariants(watcher);
            assertNoSecretAnywhere(outcome);
        }
    }

    @Test
    void expiredAndFailedPacksListEachUserWithTheirReasonAndRetryCompletesThem() throws Exception {
        // given: 40 users in packs of ten, one partition; the first pack expires, the one from user 20 fails
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults().withSeed(7))) {
            Cohort cohort = Cohort.write(work.resolve("cohort"), 40, emulator.baseUri()).packed("{users: 10}");
            Files.writeString(cohort.config(), Files.readString(cohort.config())
                    .replace("max_concurrency: 8", "max_concurrency: 1"));
            emulator.setFaults(FaultSettings.none().withExpireUsers(Set.of("pack-000000000"))
                    .withFailUsers(Set.of("pack-000000020")));

            // when
            Outcome outcome = run(cohort.config());

            // then: every user of the failed pack is failed with the reason, the expired pack's unanswered users too
            assertThat(outcome.exit()).isEqualTo(Summary.INCOMPLETE_RESULTS);
            assertEveryRequestAnsweredOrListed(outcome, cohort.users());
            Map<String, String> reasons = problems(readJson(outcome.statusFile()));
            for (String user : cohort.users().subList(20, 30)) {
                assertThat(readJson(outcome.userFile(user, "results.json")).getString("status")).isEqualTo("failed");
                assertThat(reasons.get(user)).contains("ended failed", "unanswered");
            }
            assertThat(reasons.keySet()).allMatch(user -> cohort.users().indexOf(user) < 10
                    || cohort.users().indexOf(user) >= 20 && cohort.users().indexOf(user) < 30);
            assertThat(outcome.stdout()).contains("to ask again only what is missing: batchlab retry "
                    + outcome.runId());

            // when: asked again with a healthy provider
            emulator.setFaults(FaultSettings.none());
            CliProcess retry = CliProcess.start(outcome.root(), outcome.logs(), "retry", ENV, "retry",
                    outcome.runId());
            int exit = retry.awaitExit(Duration.ofMinutes(3));

            // then
            assertThat(exit).as("retry; stderr:\n%s", retry.stderr()).isZero();
            for (String user : cohort.users()) {
                assertThat(readJson(outcome.userFile(user, "results.json")).getString("status")).as(user)
                        .isEqualTo("complete");
            }
            assertThat(readJson(outcome.statusFile()).getJsonObject("counts").getInt("completed")).isEqualTo(40);
            assertNoSecretAnywhere(outcome);
        }
    }

    /** How many users' upload.json name a pack, each counted once. */
    private static long usersPerPack(Outcome outcome, List<String> users) {
        return users.stream().filter(user -> readJson(outcome.userFile(user, "upload.json")).getJsonObject("pack")
                .getString("name").startsWith("pack-")).count();
    }

    @Test
    void batchSlowerThanTheCollectDeadlineStopsRestartablyAndRestartCollectsTheRest() throws Exception {
        // given: batches take 8 s, the collect step may wait 1 s
        EmulatorSettings slow = EmulatorSettings.defaults()
                .withDurations(Duration.ofMillis(100), Duration.ofSeconds(8), Duration.ofMillis(100));
        try (GroqEmulator emulator = CliProcess.emulator(slow);
             StatusJsonWatcher watcher = new StatusJsonWatcher(work.resolve("experiments"))) {
            Cohort cohort = Cohort.write(work.resolve("cohort"), 10, emulator.baseUri());
            Files.writeString(cohort.config(), Files.readString(cohort.config())
                    .replace("collect_deadline: 1h", "collect_deadline: 1s"));

            // when
            Outcome stopped = run(cohort.config());

            // then
            assertThat(stopped.exit()).isEqualTo(1);
            assertThat(stopped.stderr()).contains("ended STOPPED", "collect deadline of",
                    "batchlab restart " + stopped.runId());
            JsonObject status = readJson(stopped.statusFile());
            assertThat(status.getString("state")).isEqualTo("STOPPED");
            assertThat(status.getJsonObject("steps").getBoolean("uploads_completed")).isTrue();
            assertThat(status.getJsonObject("steps").getBoolean("results_received")).isFalse();

            // when: restarted, it keeps collecting (the deadline counts afresh and the batches finish)
            Files.writeString(stopped.root().resolve("runs").resolve(stopped.runId()).resolve("config.yaml"),
                    Files.readString(stopped.root().resolve("runs").resolve(stopped.runId()).resolve("config.yaml"))
                            .replace("collect_deadline: 1s", "collect_deadline: 1h"));
            CliProcess restart = CliProcess.start(stopped.root(), work.resolve("logs"), "restart", ENV,
                    "restart", stopped.runId());
            int exit = restart.awaitExit(Duration.ofMinutes(3));

            // then
            assertThat(exit).as("restart; stderr:\n%s", restart.stderr()).isZero();
            assertThat(readJson(stopped.statusFile()).getJsonObject("steps").getBoolean("results_received")).isTrue();
            assertThat(perUser(emulator.counts().batchesPerRunUser())).hasSize(10).allSatisfy((u, n) ->
                    assertThat(n).isEqualTo(1));
            assertStatusJsonKeptItsInvariants(watcher);
        }
    }

    @Test
    void decommissionedModelFailsTheRunBeforeAnyUploadWithTheModelNamed() throws Exception {
        // given
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults())) {
            Cohort cohort = Cohort.write(work.resolve("cohort"), 5, emulator.baseUri(),
                    "deepseek-r1-distill-llama-70b");

            // when
            Outcome outcome = run(cohort.config());

            // then
            assertThat(outcome.exit()).isEqualTo(1);
            assertThat(outcome.stderr()).contains("ended FAILED", "does not offer model 'deepseek-r1-distill-llama-70b'",
                    "model.id in ", "config.yaml", "openai/gpt-oss-120b");
            JsonObject status = readJson(outcome.statusFile());
            assertThat(status.getString("state")).isEqualTo("FAILED");
            assertThat(status.getString("last_error")).contains("check-provider", "deepseek-r1-distill-llama-70b");
            assertThat(emulator.counts().calls("POST /files")).isZero();
            assertNoSecretAnywhere(outcome);
        }
    }

    private record Outcome(Path root, Path logs, String runId, int exit, String stdout, String stderr) {

        Path statusFile() {
            return root.resolve("runs").resolve(runId).resolve("status.json");
        }

        Path userFile(String user, String name) {
            return root.resolve("users").resolve(user).resolve(runId).resolve(name);
        }
    }

    private Outcome run(Path config) throws IOException, InterruptedException {
        Path root = work.resolve("experiments");
        Path logs = work.resolve("logs");
        CliProcess process = CliProcess.start(root, logs, "run", ENV, "run", config.toString());
        int exit = process.awaitExit(Duration.ofMinutes(3));
        String runId;
        try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
            runId = runs.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
        return new Outcome(root, logs, runId, exit, process.stdout(), process.stderr());
    }

    /** Read from this JVM while the batchlab process wrote it: every reading whole and within the invariants. */
    private static void assertStatusJsonKeptItsInvariants(StatusJsonWatcher watcher) throws InterruptedException {
        watcher.close();
        assertThat(watcher.broken()).as("torn or invalid status.json readings, or counts breaking the invariants "
                + "(batch-jobs/README.md)").isEmpty();
        assertThat(watcher.observationsWithWork()).as("readings with submitted users").isPositive();
    }

    /** Nothing silently dropped: every user has results.json; whatever is not complete is named with a reason. */
    private static void assertEveryRequestAnsweredOrListed(Outcome outcome, List<String> users) {
        JsonObject status = readJson(outcome.statusFile());
        JsonObject counts = status.getJsonObject("counts");
        assertThat(counts.getInt("completed") + counts.getInt("failed") + counts.getInt("skipped"))
                .isEqualTo(users.size());
        assertThat(status.getJsonObject("steps").values()).allMatch(v -> v == jakarta.json.JsonValue.TRUE);
        Map<String, String> problems = problems(status);
        for (String user : users) {
            JsonObject results = readJson(outcome.userFile(user, "results.json"));
            if (results.getString("status").equals("complete")) {
                assertThat(results.getJsonArray("unanswered")).isEmpty();
                continue;
            }
            assertThat(problems).as("status.json problems").containsKey(user);
            List<String> unanswered = results.getJsonArray("unanswered").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList();
            assertThat(unanswered).as("unanswered of " + user).isNotEmpty();
            results.getJsonArray("requests").getValuesAs(JsonObject.class).stream()
                    .filter(r -> unanswered.contains(r.getString("custom_id")))
                    .forEach(r -> assertThat(r.isNull("error") && r.isNull("answer")
                            && results.getJsonArray("problems").isEmpty()
                            && results.getJsonObject("summary").getInt("missing") == 0)
                            .as("request %s of %s has no answer and no reason", r.getString("custom_id"), user)
                            .isFalse());
        }
        assertThat(counts.getInt("failed")).isEqualTo(problems.size());
    }

    private void assertNoSecretAnywhere(Outcome outcome) throws IOException {
        assertThat(SecretScan.filesContaining(SENTINEL_KEY, outcome.root(), outcome.logs())).isEmpty();
    }

    private static Map<String, String> problems(JsonObject status) {
        return status.getJsonArray("problems").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(p -> p.getString("user_id"), p -> p.getString("reason")));
    }

    private static Map<String, Long> perUser(Map<String, Long> perRunUser) {
        return perRunUser.entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().substring(e.getKey().indexOf('/') + 1), Map.Entry::getValue));
    }

    private static JsonObject readJson(Path file) {
        try (InputStream in = Files.newInputStream(file);
             JsonReader reader = Json.createReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.readObject();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
