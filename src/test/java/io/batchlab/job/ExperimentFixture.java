package io.batchlab.job;

import io.batchlab.control.JobProperties;
import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.launcher.LocalEmulator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * One job test's world: a temporary directory holding the input, the config and the experiments root, and its own
 * emulator on 127.0.0.1 with short batch durations.
 */
final class ExperimentFixture implements AutoCloseable {

    static final String MODEL_ID = "openai/gpt-oss-20b";
    static final EmulatorSettings QUICK = EmulatorSettings.defaults()
            .withDurations(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(100));

    final Path dir;
    final Path root;
    final Path input;
    final ExperimentStore store;
    final GroqEmulator emulator;

    private ExperimentFixture(Path dir, GroqEmulator emulator) throws IOException {
        this.dir = dir;
        this.root = dir.resolve("experiments");
        this.input = dir.resolve("posts.jsonl");
        this.store = ExperimentStore.open(root);
        this.emulator = emulator;
    }

    static ExperimentFixture start(Path dir) throws IOException {
        return start(dir, QUICK);
    }

    static ExperimentFixture start(Path dir, EmulatorSettings settings) throws IOException {
        return new ExperimentFixture(dir, LocalEmulator.start(settings));
    }

    List<String> writePosts(int users) throws IOException {
        return PostsInput.write(input, users);
    }

    /** config.yaml from the template, pointed at this fixture's emulator and input. */
    Path writeConfig(String modelId) throws IOException {
        String template;
        try (InputStream in = Objects.requireNonNull(
                ExperimentFixture.class.getResourceAsStream("experiment-template.yaml"), "experiment-template.yaml")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, template
                .replace("@MODEL_ID@", modelId)
                .replace("@BASE_URL@", emulator.baseUri().toString()));
        return config;
    }

    Path writeConfig() throws IOException {
        return writeConfig(MODEL_ID);
    }

    /** Creates the run as the CLI does, before any job starts. */
    RunId createRun(Path config, Path usersFile) throws IOException {
        return createRun(store, config, usersFile);
    }

    /** Another experiments root next to the main one, served by the same emulator. */
    ExperimentStore otherRoot(String name) throws IOException {
        return ExperimentStore.open(dir.resolve(name));
    }

    static RunId createRun(ExperimentStore target, Path config, Path usersFile) throws IOException {
        return RunCreator.create(target, config, usersFile == null ? null : usersFile.toString(),
                provider -> provider);
    }

    RunId createRun() throws IOException {
        return createRun(writeConfig(), null);
    }

    Properties parameters(RunId run) {
        return parameters(store, run);
    }

    static Properties parameters(ExperimentStore target, RunId run) {
        Properties parameters = new Properties();
        parameters.setProperty(JobProperties.EXPERIMENTS_ROOT, target.root().toString());
        parameters.setProperty(JobProperties.RUN_ID, run.toString());
        return parameters;
    }

    /** The emulator's key for a run's user in its upload and batch counts. */
    static String runUser(RunId run, String user) {
        return run + "/" + user;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
