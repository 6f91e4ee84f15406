package io.batchlab.job;

import io.batchlab.config.DataRoots;
import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.config.ExperimentConfigWriter;
import io.batchlab.config.ProviderConfig;
import io.batchlab.provider.AllowedProviders;
import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ConfigDigest;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Creates a run from a config.yaml: allocates the run id, writes the resolved config.yaml, users.json and
 * status.json with {@code config_created} and the config's {@code config_sha256}. Used by the job's first step and
 * by operators (CLI, REST) that want the run id and any config error before a job starts. A run that cannot be
 * created completely is removed again, so no half-made run is left behind.
 */
public final class RunCreator {

    private static final Logger LOG = Logger.getLogger(RunCreator.class.getName());

    private RunCreator() {
    }

    /**
     * Creates the run and returns its id; the job started for it opens the run itself.
     *
     * @param usersFile   optional users.json or plain-text id list; default: every user found in the input
     * @param provider    adjusts the provider section before it is recorded (e.g. points it at the emulator)
     * @throws io.batchlab.config.OutsideDataRootsException when a file lies outside the server's data roots
     * @throws io.batchlab.provider.ProviderNotAllowedException when the key may not go to the config's provider
     */
    public static RunId create(ExperimentStore store, Path configFile, String usersFile,
                               UnaryOperator<ProviderConfig> provider) throws IOException {
        try (RunContext created = createContext(store, configFile, usersFile, provider)) {
            return created.runId();
        }
    }

    /** Creates a run from a loaded config (whose input paths the loader has checked) and its users; returns its id. */
    public static RunId create(ExperimentStore store, ExperimentConfig config, RunUsers users) throws IOException {
        try (RunContext created = createContext(store, config, users)) {
            return created.runId();
        }
    }

    /** For the job's create-run step, which goes on working on the run: its context, counts already started. */
    static RunContext createContext(ExperimentStore store, Path configFile, String usersFile,
                                    UnaryOperator<ProviderConfig> provider) throws IOException {
        DataRoots roots = DataRoots.configured();
        ExperimentConfig loaded = ExperimentConfigLoader.load(roots.readable(configFile, "config"));
        RunUsers users = usersFile == null || usersFile.isBlank() ? RunUsers.fromInput()
                : RunUsers.fromFile(roots.readable(Path.of(usersFile.strip()), "users"));
        return createContext(store, loaded.withProvider(provider.apply(loaded.provider())), users);
    }

    private static RunContext createContext(ExperimentStore store, ExperimentConfig config, RunUsers users)
            throws IOException {
        AllowedProviders.check(config.provider().baseUrl());
        LocalDate today = LocalDate.now(config.experiment().timeZone());
        RunId runId = store.allocateRun(config.experiment().type(), config.model().code(), today);
        try {
            AtomicFiles.writeString(store.configFile(runId), ExperimentConfigWriter.toYaml(config));
            long total = users.write(store.usersFile(runId), store.workDir(), config);
            if (total == 0) {
                throw new IllegalArgumentException("the run has no users: " + users.describeEmpty(config));
            }
            RunStatusStore statuses = new RunStatusStore(store, Clock.systemDefaultZone(),
                    config.experiment().timeZone());
            statuses.create(runId, config.experiment().description());
            String configSha256 = ConfigDigest.sha256(store, runId);
            statuses.update(runId, status -> status
                    .withStep(RunStatus.Step.CONFIG_CREATED, true)
                    .withConfigSha256(configSha256)
                    .withCounts(status.counts().withTotal(total)));
            LOG.info(() -> "created run " + runId + " with " + total + " users");
            RunContext created = new RunContext(runId, config, store, statuses);
            created.countFresh(total);
            return created;
        } catch (IOException | RuntimeException e) {
            deleteRunDir(store.runDir(runId));
            throw e;
        }
    }

    private static void deleteRunDir(Path runDir) {
        try (Stream<Path> paths = Files.walk(runDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warning(() -> "could not remove the incomplete run " + runDir + ": " + e.getMessage());
        }
    }
}
