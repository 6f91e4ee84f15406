package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Heavy proof of crash safety: a real {@code batchlab run} on a cohort of {@value #DEFAULT_USERS} users against an
 * emulator that lives in this JVM (so the provider's memory survives), SIGKILLed while preparing, between an upload and
 * its upload.json, and while collecting once everybody is submitted, each time continued with the documented {@code batchlab restart RUN_ID}.
 * The first two kill points are drawn from the iteration's seed. Iterations: {@code -Dbatchlab.crash.iterations=N} (default 1,
 * so {@code ./mvnw verify} stays short; use 10 for the full proof), first seed {@code -Dbatchlab.crash.seed}, cohort
 * size {@code -Dbatchlab.crash.users}.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class CrashRestartIT {

    static final int DEFAULT_USERS = 2000;
    private static final int USERS = Integer.getInteger("batchlab.crash.users", DEFAULT_USERS);
    private static final String SENTINEL_KEY = "gsk_SENTINEL_crash_4f1c9e7a2b";
    private static final Duration PHASE = Duration.ofMinutes(5);

    @TempDir
    Path work;

    private Path tmpfsRoot;

    @AfterEach
    void deleteTmpfsRoot() throws IOException {
        if (tmpfsRoot != null) {
            try (Stream<Path> paths = Files.walk(tmpfsRoot)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    static Stream<Long> seeds() {
        long first = Long.getLong("batchlab.crash.seed", 20240408L);
        return LongStream.range(0, Integer.getInteger("batchlab.crash.iterations", 1)).mapToObj(i -> first + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void runKilledThreeTimesRestartsToCompleteResultsWithEveryUserSubmittedExactlyOnce(long seed) throws Exception {
        // given
        Random random = new Random(seed);
        Path root = experimentsRoot(seed);
        Path logs = work.resolve("logs");
        Map<String, String> env = Map.of("GROQ_API_KEY", SENTINEL_KEY);
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults().withSeed(seed));
             StatusJsonWatcher watcher = new StatusJsonWatcher(root)) {
            Cohort cohort = Cohort.write(work.resolve("cohort"), USERS, emulator.baseUri());
            Tree tree = new Tree(root, cohort.users());

            // when: killed while preparing
            CliProcess run = CliProcess.start(root, logs, "run", env, "run", cohort.config().toString());
            int preparing = 20 + random.nextInt(USERS / 4);
            awaitWhileAlive(run, () -> tree.uploadJsons() >= preparing);
            run.kill();
            String runId = tree.runId();

            // when: killed between an upload and its upload.json
            CliProcess second = CliProcess.start(root, logs, "restart-1", env, "restart", runId);
            int further = tree.uploadJsons() + 1 + random.nextInt(USERS / 4);
            awaitWhileAlive(second, () -> tree.uploadJsons() >= further);
            awaitWhileAlive(second, () -> !tree.uploadedWithoutUploadJson(emulator.counts(), runId).isEmpty());
            second.kill();
            assertThat(tree.uploadedWithoutUploadJson(emulator.counts(), runId))
                    .as("users uploaded to the provider whose upload.json was not yet written at the kill").isNotEmpty();

            // when: a second process tries the same run while one works on it
            CliProcess third = CliProcess.start(root, logs, "restart-2", env, "restart", runId);
            awaitWhileAlive(third, () -> tree.lockHolder(runId).startsWith("process " + third.pid() + " "));
            String statusBefore = Files.readString(statusFileOf(root), StandardCharsets.UTF_8);
            CliProcess intruder = CliProcess.start(root, logs, "intruder", env, "restart", runId);
            int intruderExit = intruder.awaitExit(Duration.ofMinutes(2));

            // then: a clear refusal, and the run's lock and job execution are untouched
            assertThat(intruderExit).isNotZero();
            assertThat(intruder.stderr())
                    .contains("run " + runId + " is already being worked on by process " + third.pid() + " on ");
            assertThat(tree.lockHolder(runId)).startsWith("process " + third.pid() + " ");
            assertThat(jobExecutionId(Files.readString(statusFileOf(root), StandardCharsets.UTF_8)))
                    .isEqualTo(jobExecutionId(statusBefore));

            // when: killed while collecting, right after everybody is submitted (collecting runs beside submitting,
            // so this is when the restart skips the completed prepare step and only collects)
            awaitWhileAlive(third, () -> readJson(statusFileOf(root)).getJsonObject("steps")
                    .getBoolean("uploads_completed"));
            third.kill();
            assertThat(tree.resultsJsons()).as("results.json files when killed while collecting").isLessThan(USERS);

            // when: restarted once more, to the end
            CliProcess last = CliProcess.start(root, logs, "restart-3", env, "restart", runId);
            int exit = last.awaitExit(Duration.ofMinutes(10));

            // then
            assertThat(exit).as("exit of the last restart; stderr:\n%s", last.stderr()).isZero();
            assertThat(last.stdout()).contains("config_created=true batches_created=true uploads_completed=true "
                    + "results_received=true");
            EmulatorCounts counts = emulator.counts();
            assertThat(perUser(counts.uploadsPerRunUser(), runId)).as("uploads per user")
                    .hasSize(USERS).allSatisfy((user, n) -> assertThat(n).as("uploads of " + user).isEqualTo(1));
            assertThat(perUser(counts.batchesPerRunUser(), runId)).as("batches per user")
                    .hasSize(USERS).allSatisfy((user, n) -> assertThat(n).as("batches of " + user).isEqualTo(1));
            assertThat(cohort.users()).allSatisfy(user -> {
                JsonObject results = readJson(tree.userFile(user, runId, "results.json"));
                assertThat(results.getString("status")).as("status of " + user).isEqualTo("complete");
                assertThat(results.getJsonObject("summary").getInt("succeeded")).isEqualTo(1);
                assertThat(results.getJsonArray("requests")).hasSize(1);
            });
            JsonObject status = readJson(statusFileOf(root));
            assertThat(status.getJsonObject("steps").values()).hasSize(4).allMatch(v -> v == jakarta.json.JsonValue.TRUE);
            assertThat(status.getString("state")).isEqualTo("COMPLETED");
            assertThat(status.getJsonObject("counts").getInt("completed")).isEqualTo(USERS);
            watcher.close();
            assertThat(watcher.broken()).as("torn or invalid status.json readings, or counts breaking the "
                    + "invariants (batch-jobs/README.md)").isEmpty();
            assertThat(watcher.observations()).isGreaterThan(100);
            assertThat(watcher.observationsWithWork()).isGreaterThan(10);
            assertThat(SecretScan.filesContaining(SENTINEL_KEY, root, logs)).as("files holding the API key").isEmpty();
        }
    }

    /**
     * The same proof for a packed run ({@code provider.pack: {users: 100}}, about 24 packs over 8 partitions): SIGKILLed while preparing,
     * between a pack's upload and its batch, between its batch and its users' upload.json files, and while a finished
     * pack's output is split into its users' results.json; each time restarted. Every pack is uploaded and created
     * once, every user is in exactly one pack, every answer is collected.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void packedRunKilledFourTimesRestartsToCompleteResultsWithEveryPackSubmittedExactlyOnce(long seed)
            throws Exception {
        // given: some latency per call, so the moments between two calls last long enough to be hit
        Random random = new Random(seed);
        Path root = experimentsRoot(seed);
        Path logs = work.resolve("logs");
        Map<String, String> env = Map.of("GROQ_API_KEY", SENTINEL_KEY);
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults().withSeed(seed))) {
            emulator.setFaults(io.batchlab.emulator.FaultSettings.none().withLatency(Duration.ofMillis(40)));
            Cohort cohort = Cohort.write(work.resolve("cohort"), USERS, emulator.baseUri()).packed("{users: 100}");
            Tree tree = new Tree(root, cohort.users());

            // when: killed while preparing
            CliProcess run = CliProcess.start(root, logs, "run", env, "run", cohort.config().toString());
            awaitWhileAlive(run, () -> tree.uploadJsons() >= 100 + random.nextInt(USERS / 4));
            run.kill();
            String runId = tree.runId();

            // when: killed between a pack's upload and its batch
            CliProcess second = CliProcess.start(root, logs, "restart-1", env, "restart", runId);
            awaitWhileAlive(second, () -> !tree.packsUploadedWithoutBatch(emulator.counts(), runId).isEmpty());
            second.kill();
            assertThat(tree.packsUploadedWithoutBatch(emulator.counts(), runId)).as("packs uploaded, not created")
                    .isNotEmpty();

            // when: killed between a pack's batch and its users' upload.json files
            CliProcess third = CliProcess.start(root, logs, "restart-2", env, "restart", runId);
            awaitWhileAlive(third, () -> tree.packsCreatedWithUsersWithoutUploadJson(emulator.counts(), runId) > 0);
            third.kill();
            assertThat(tree.packsCreatedWithUsersWithoutUploadJson(emulator.counts(), runId)).isPositive();

            // when: killed while a pack's output is split into its users' results.json
            emulator.setFaults(io.batchlab.emulator.FaultSettings.none());
            CliProcess fourth = CliProcess.start(root, logs, "restart-3", env, "restart", runId);
            awaitWhileAlive(fourth, () -> tree.packsHalfSplit(runId) > 0);
            fourth.kill();

            // when: restarted once more, to the end
            CliProcess last = CliProcess.start(root, logs, "restart-4", env, "restart", runId);
            int exit = last.awaitExit(Duration.ofMinutes(10));

            // then
            assertThat(exit).as("exit of the last restart; stderr:\n%s", last.stderr()).isZero();
            EmulatorCounts counts = emulator.counts();
            assertThat(perUser(counts.uploadsPerRunUser(), runId)).as("uploads per pack")
                    .containsOnlyKeys(tree.packNames(runId))
                    .allSatisfy((pack, n) -> assertThat(n).as("uploads of " + pack).isEqualTo(1));
            assertThat(perUser(counts.batchesPerRunUser(), runId)).as("batches per pack")
                    .isEqualTo(perUser(counts.uploadsPerRunUser(), runId));
            Map<String, Long> requestsPerUser = counts.requestsPerCustomId().entrySet().stream()
                    .filter(e -> e.getKey().startsWith(runId + "/"))
                    .collect(Collectors.groupingBy(e -> e.getKey().substring(e.getKey().lastIndexOf('/') + 1)
                            .split(":")[0], Collectors.summingLong(Map.Entry::getValue)));
            assertThat(requestsPerUser).as("requests received per user, over all packs").hasSize(USERS)
                    .allSatisfy((user, n) -> assertThat(n).as("requests of " + user).isEqualTo(1));
            assertThat(cohort.users()).allSatisfy(user -> {
                JsonObject results = readJson(tree.userFile(user, runId, "results.json"));
                assertThat(results.getString("status")).as("status of " + user).isEqualTo("complete");
                assertThat(results.getJsonArray("requests")).hasSize(1);
                assertThat(results.getJsonArray("requests").getJsonObject(0).getString("custom_id"))
                        .isEqualTo("r00001");
                JsonObject upload = readJson(tree.userFile(user, runId, "upload.json"));
                assertThat(results.getJsonObject("batch").getString("id"))
                        .isEqualTo(upload.getJsonObject("batch").getString("id"));
            });
            JsonObject status = readJson(statusFileOf(root));
            assertThat(status.getString("state")).isEqualTo("COMPLETED");
            assertThat(status.getJsonObject("counts").getInt("completed")).isEqualTo(USERS);
            assertThat(SecretScan.filesContaining(SENTINEL_KEY, root, logs)).as("files holding the API key").isEmpty();
        }
    }

    /** On tmpfs when there is one: a SIGKILL loses no page cache, so fsync adds time here but no proof. */
    private Path experimentsRoot(long seed) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : work;
        Path root = Files.createTempDirectory(parent, "batchlab-crash-" + seed + "-");
        if (parent == shm) {
            tmpfsRoot = root;
        }
        return root;
    }

    private static Path statusFileOf(Path root) {
        try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
            return runs.findFirst().map(run -> run.resolve("status.json")).orElse(null);
        } catch (IOException noRunYet) {
            return null;
        }
    }

    /** Waits for a kill point; fails if the process ends before it (the kill would prove nothing). */
    private static void awaitWhileAlive(CliProcess process, java.util.concurrent.Callable<Boolean> reached) {
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

    private static Map<String, Long> perUser(Map<String, Long> perRunUser, String runId) {
        return perRunUser.entrySet().stream().filter(e -> e.getKey().startsWith(runId + "/"))
                .collect(Collectors.toMap(e -> e.getKey().substring(runId.length() + 1), Map.Entry::getValue));
    }

    private static long jobExecutionId(String statusJson) {
        try (JsonReader reader = Json.createReader(new java.io.StringReader(statusJson))) {
            return reader.readObject().getJsonNumber("job_execution_id").longValue();
        }
    }

    private static JsonObject readJson(Path file) {
        try (InputStream in = Files.newInputStream(file); JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** The experiments tree as the test observes it from outside. */
    private record Tree(Path root, List<String> users) {

        String runId() throws IOException {
            return createdRun().orElseThrow(() -> new AssertionError("no run under " + root));
        }

        private java.util.Optional<String> createdRun() throws IOException {
            if (!Files.isDirectory(root.resolve("runs"))) {
                return java.util.Optional.empty();
            }
            try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
                return runs.map(p -> p.getFileName().toString()).findFirst();
            }
        }

        Path userFile(String user, String runId, String name) {
            return root.resolve("users").resolve(user).resolve(runId).resolve(name);
        }

        int uploadJsons() throws IOException {
            return count("upload.json");
        }

        int resultsJsons() throws IOException {
            return count("results.json");
        }

        private int count(String fileName) throws IOException {
            java.util.Optional<String> run = createdRun();
            if (run.isEmpty()) {
                return 0;
            }
            String runId = run.get();
            int found = 0;
            for (String user : users) {
                if (Files.exists(userFile(user, runId, fileName))) {
                    found++;
                }
            }
            return found;
        }

        List<String> uploadedWithoutUploadJson(EmulatorCounts counts, String runId) {
            return perUser(counts.uploadsPerRunUser(), runId).keySet().stream()
                    .filter(user -> !Files.exists(userFile(user, runId, "upload.json"))).toList();
        }

        /** Packs the provider holds an upload of but no batch for. */
        List<String> packsUploadedWithoutBatch(EmulatorCounts counts, String runId) {
            Map<String, Long> batches = perUser(counts.batchesPerRunUser(), runId);
            return perUser(counts.uploadsPerRunUser(), runId).keySet().stream()
                    .filter(pack -> !batches.containsKey(pack)).toList();
        }

        /** Packs with a batch at the provider some of whose users have no upload.json yet. */
        long packsCreatedWithUsersWithoutUploadJson(EmulatorCounts counts, String runId) throws IOException {
            long found = 0;
            for (String pack : perUser(counts.batchesPerRunUser(), runId).keySet()) {
                if (members(runId, pack).stream()
                        .anyMatch(user -> !Files.exists(userFile(user, runId, "upload.json")))) {
                    found++;
                }
            }
            return found;
        }

        /** Packs whose raw output is downloaded and split into some, not all, of its users' results.json. */
        long packsHalfSplit(String runId) throws IOException {
            Path packs = root.resolve(".batchlab/packs").resolve(runId);
            if (!Files.isDirectory(packs)) {
                return 0;
            }
            long found = 0;
            try (Stream<Path> outputs = Files.list(packs)) {
                for (Path output : outputs.filter(p -> p.toString().endsWith(".output.jsonl")).toList()) {
                    String pack = output.getFileName().toString().replace(".output.jsonl", "");
                    long split = members(runId, pack).stream()
                            .filter(user -> Files.exists(userFile(user, runId, "results.json"))).count();
                    if (split > 0 && split < members(runId, pack).size()) {
                        found++;
                    }
                }
            }
            return found;
        }

        /** The packs written on disk (their input files). */
        List<String> packNames(String runId) throws IOException {
            try (Stream<Path> files = Files.list(root.resolve(".batchlab/packs").resolve(runId))) {
                return files.map(p -> p.getFileName().toString())
                        .filter(name -> name.endsWith(".jsonl") && !name.endsWith(".output.jsonl")
                                && !name.endsWith(".errors.jsonl"))
                        .map(name -> name.substring(0, name.length() - ".jsonl".length())).toList();
            }
        }

        /** The users of a pack, from its members file (first/last positions in users.json order). */
        private List<String> members(String runId, String pack) throws IOException {
            Path manifest = root.resolve(".batchlab/packs").resolve(runId).resolve(pack + ".json");
            if (!Files.exists(manifest)) {
                return List.of();
            }
            JsonObject json = readJson(manifest);
            return json.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                    .map(member -> member.getString("user_id")).toList();
        }

        String lockHolder(String runId) {
            try {
                return Files.readString(root.resolve(".batchlab/locks").resolve(runId + ".holder")).trim();
            } catch (IOException notYet) {
                return "";
            }
        }
    }
}
