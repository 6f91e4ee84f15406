package io.batchlab.server;

import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.launcher.LocalEmulator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Inputs and the experiments tree the ITs share with the server: the server's experiments root is
 * {@code batchlab.it.experiments} (pom.xml hands it to both JVMs, arquillian.xml to the server as
 * {@code batchlab.experiments}); each test writes its own posts.jsonl and config.yaml under {@code batchlab.it.inputs}.
 */
final class ExperimentWorkspace {

    static final String MODEL_ID = "openai/gpt-oss-20b";

    private ExperimentWorkspace() {
    }

    static ExperimentStore store() throws IOException {
        return ExperimentStore.open(Path.of(requiredProperty("batchlab.it.experiments")));
    }

    /**
     * A fresh directory with posts.jsonl (one post per user) and a config.yaml that points at the emulator, one batch
     * per user ({@code pack: {users: 1}}: the ITs count per-user batches; a packed test replaces that line).
     */
    static Path writeConfig(String testName, URI emulator, List<String> users) throws IOException {
        return writeConfig(testName, emulator, users, 1000);
    }

    /** As {@link #writeConfig(String, URI, List)}, calling the provider at most {@code requestsPerSecond} times a second. */
    static Path writeConfig(String testName, URI emulator, List<String> users, int requestsPerSecond)
            throws IOException {
        Path dir = inputDirectory(testName);
        Files.write(dir.resolve("posts.jsonl"), users.stream().map(user -> Json.createObjectBuilder()
                .add("user_id", user)
                .add("text", "Post of " + user + ": cars out of the centre")
                .build().toString()).toList(), StandardCharsets.UTF_8);
        return Files.writeString(dir.resolve("config.yaml"), """
                experiment:
                  type: CT
                  description: "WildFly IT: %s"
                  time_zone: Europe/Berlin
                model:
                  code: GPT20B
                  id: %s
                  parameters:
                    temperature: 0
                provider:
                  base_url: %s
                  completion_window: 24h
                  max_concurrency: 2
                  requests_per_second: %d
                  poll_interval: 200ms
                  collect_deadline: 5m
                  pack: {users: 1}
                prompt:
                  system: You annotate social-media posts.
                  user: "Post by {{user_id}}: {{text}} Answer with one of: {{allowed_answers}}"
                  allowed_answers: [favor, against, neutral]
                input:
                  jsonl: posts.jsonl
                  user_id_field: user_id
                  requests: per_record
                """.formatted(testName, MODEL_ID, emulator, requestsPerSecond), StandardCharsets.UTF_8);
    }

    /** The text of a config {@link #writeConfig} wrote, as an operator sends it inline: input relative to the root. */
    static String inlineConfig(Path config) throws IOException {
        return Files.readString(config).replace("jsonl: posts.jsonl",
                "jsonl: " + config.getParent().getFileName() + "/posts.jsonl");
    }

    /** User ids unique to this call, so runs left by earlier builds in the shared root never match. */
    /** Emulator settings for server ITs: batches that validate and finalize at once and stay {@code inProgress}. */
    static EmulatorSettings quickBatches(Duration inProgress) {
        return EmulatorSettings.defaults().withDurations(Duration.ofMillis(100), inProgress, Duration.ofMillis(100));
    }

    /**
     * The emulator on the one port the server's provider allow-list names ({@code batchlab.it.emulator-port}, pom.xml
     * and arquillian.xml): any other address the server refuses to send its key to.
     */
    static GroqEmulator startEmulator(EmulatorSettings settings) throws IOException {
        return LocalEmulator.start(settings.withPort(emulatorPort()));
    }

    static int emulatorPort() {
        return Integer.parseInt(requiredProperty("batchlab.it.emulator-port"));
    }

    /** A fresh directory under the server's data root. */
    static Path inputDirectory(String testName) throws IOException {
        Path inputs = Files.createDirectories(Path.of(requiredProperty("batchlab.it.inputs")));
        return Files.createTempDirectory(inputs, testName + "-");
    }

    static List<String> users(String prefix, int count) {
        String batch = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return IntStream.range(0, count).mapToObj(i -> batch + "-" + i).toList();
    }

    /** A JSON file of the server's experiments tree, as a test reads it. */
    static jakarta.json.JsonObject readJson(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file); jakarta.json.JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        }
    }

    static RunStatus status(RunId run) throws IOException {
        return RunStatusStore.read(store(), run);
    }

    /** The run whose status.json names this job execution (a job started with {@code config=…} makes its own run). */
    static Optional<RunId> runOfExecution(long executionId) throws IOException {
        ExperimentStore store = store();
        for (RunId run : store.runs()) {
            if (Files.exists(store.statusFile(run)) && Long.valueOf(executionId).equals(status(run).jobExecutionId())) {
                return Optional.of(run);
            }
        }
        return Optional.empty();
    }

    /** Every user of the run has results.json. */
    static boolean everyoneHasResults(RunId run, List<String> users) throws IOException {
        ExperimentStore store = store();
        return users.stream().allMatch(user -> Files.isRegularFile(
                store.resultsFile(new UserId(user), run)));
    }

    /** Uploads and batches per user of the run, as the emulator counted them. */
    static List<Long> submissionsPerUser(EmulatorCounts counts, RunId run, List<String> users) {
        return users.stream().flatMap(user -> List.of(
                counts.uploadsPerRunUser().getOrDefault(run + "/" + user, 0L),
                counts.batchesPerRunUser().getOrDefault(run + "/" + user, 0L)).stream()).toList();
    }

    /** The provisioned server's directory, {@code target/server}. */
    static Path jbossHome() {
        return Path.of(requiredProperty("jboss.home"));
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the ITs through ./mvnw verify");
        }
        return value;
    }
}
