package io.batchlab.cli;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.job.RunCreator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code batchlab demo}: the whole job on shipped synthetic data against the in-process emulator — needs nothing
 * but a JDK. Prints the run id, the tree it wrote and a short summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the example closed-target experiment against the built-in emulator.")
final class DemoCommand implements Callable<Integer> {

    static final String EXAMPLE = "experiments/examples/closed-target.yaml";
    private static final double DEMO_REQUESTS_PER_SECOND = 100;

    @ParentCommand
    Batchlab batchlab;

    @Option(names = "--config", paramLabel = "CONFIG", description = "Another example config (default: " + EXAMPLE + ").")
    Path config;

    @Override
    public Integer call() throws Exception {
        ExperimentStore store = batchlab.store();
        Path example = config != null ? config : exampleConfig();
        EmulatorSettings quick = EmulatorSettings.defaults()
                .withDurations(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(200));
        try (ProviderChoice provider = ProviderChoice.choose(true, quick, System.out)) {
            // The emulator has no real rate limit, so the demo need not pace itself like a Groq account.
            RunId runId = RunCreator.create(store, example, null,
                    configured -> provider.adjust(configured).withRequestsPerSecond(DEMO_REQUESTS_PER_SECOND));
            System.out.println("Run " + runId + " created under " + store.root() + " from " + example);
            var status = new RunSupervisor(store, System.out).start(runId, JobOptions.of(null, "500ms").toParameters());
            System.out.println();
            printTree(store, runId);
            printSample(store, runId);
            System.out.println();
            return Summary.print(store, runId, status, System.out);
        }
    }

    /** The example shipped with the clone: next to the launcher ($BATCHLAB_HOME) or in the working directory. */
    private static Path exampleConfig() {
        String home = System.getenv("BATCHLAB_HOME");
        Path candidate = home == null ? Path.of(EXAMPLE) : Path.of(home).resolve(EXAMPLE);
        if (!Files.isRegularFile(candidate)) {
            throw new CliException("the example config " + candidate + " is missing; run the demo from the batchlab "
                    + "checkout or pass --config");
        }
        return candidate.toAbsolutePath();
    }

    private static void printTree(ExperimentStore store, RunId run) throws IOException {
        Path root = store.root();
        System.out.println("The tree it wrote:");
        System.out.println(root);
        try (Stream<Path> files = Files.list(store.runDir(run))) {
            files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted()
                    .forEach(f -> System.out.println("  " + root.relativize(f)));
        }
        try (Stream<Path> users = Files.list(root.resolve("users"))) {
            List<Path> withRun = users.map(u -> u.resolve(run.toString())).filter(Files::isDirectory).sorted().toList();
            withRun.stream().limit(3).forEach(dir -> {
                try (Stream<Path> files = Files.list(dir)) {
                    files.sorted().forEach(f -> System.out.println("  " + root.relativize(f)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (withRun.size() > 3) {
                System.out.println("  … and the same for " + (withRun.size() - 3) + " more users");
            }
        }
    }

    private static void printSample(ExperimentStore store, RunId run) throws IOException {
        try (Stream<Path> users = Files.list(store.root().resolve("users"))) {
            Path results = users.map(u -> u.resolve(run.toString()).resolve("results.json"))
                    .filter(Files::exists).sorted().findFirst().orElse(null);
            if (results == null) {
                return;
            }
            try (InputStream in = Files.newInputStream(results); var reader = Json.createReader(in)) {
                JsonObject json = reader.readObject();
                var requests = json.getJsonArray("requests");
                if (!requests.isEmpty()) {
                    JsonObject first = requests.getJsonObject(0);
                    System.out.println("Sample answer (user " + json.getString("user_id") + ", "
                            + first.getString("custom_id") + "): "
                            + (first.isNull("answer") ? "(none)" : first.getString("answer")));
                }
            }
        }
    }
}
