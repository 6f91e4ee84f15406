package io.batchlab.job;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.config.ExperimentConfigWriter;
import io.batchlab.config.ProviderConfig;
import io.batchlab.input.UserIdList;
import io.batchlab.input.UserRecords;
import io.batchlab.store.AtomicFiles;
import io.batchlab.store.DuplicateUserException;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Iterator;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Creates a run from a config.yaml: allocates the run id, writes the resolved config.yaml, users.json and
 * status.json with {@code config_created}. Used by the job's first step and by operators (CLI, REST) that want the
 * run id and any config error before a job starts. A run that cannot be created completely is removed again, so no
 * half-made run is left behind.
 */
public final class RunCreator {

    private static final Logger LOG = Logger.getLogger(RunCreator.class.getName());

    private RunCreator() {
    }

    /**
     * @param usersFile   optional users.json or plain-text id list; default: every user found in the input
     * @param provider    adjusts the provider section before it is recorded (e.g. points it at the emulator)
     */
    public static RunContext create(ExperimentStore store, Path configFile, String usersFile,
                                    UnaryOperator<ProviderConfig> provider) throws IOException {

        ExperimentConfig loaded = ExperimentConfigLoader.load(configFile);
        ExperimentConfig config = loaded.withProvider(provider.apply(loaded.provider()));
        LocalDate today = LocalDate.now(config.experiment().timeZone());
        RunId runId = store.allocateRun(config.experiment().type(), config.model().code(), today);
        try {
            AtomicFiles.writeString(store.configFile(runId), ExperimentConfigWriter.toYaml(config));
            long total = writeUsers(store, runId, config, usersFile);
            if (total == 0) {
                throw new IllegalArgumentException("the run has no users: "
                        + describeUserSource(config, usersFile));
            }
            RunStatusStore statuses = new RunStatusStore(store, Clock.systemDefaultZone(),
                    config.experiment().timeZone());
            statuses.create(runId, config.experiment().description());
            statuses.update(runId, status -> status
                    .withStep(RunStatus.Step.CONFIG_CREATED, true)
                    .withCounts(status.counts().withTotal(total)));
            LOG.info(() -> "created run " + runId + " with " + total + " users");
            return new RunContext(runId, config, store, statuses);
        } catch (IOException | RuntimeException e) {
            deleteRunDir(store.runDir(runId));
            throw e;
        }
    }

    private static long writeUsers(ExperimentStore store, RunId runId, ExperimentConfig config, String usersFile)
            throws IOException {
        Path target = store.usersFile(runId);
        if (usersFile == null || usersFile.isBlank()) {
            try (UserRecords records = UserRecords.open(config.input(), store.workDir())) {
                return UsersFile.write(target, records.users());
            }
        }
        Path source = Path.of(usersFile.trim());
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("users file " + source + " does not exist");
        }
        try {
            return copyUsers(source, target);
        } catch (DuplicateUserException e) {
            // The run's users.json is removed again with the run: name the file the user can fix.
            throw new IllegalArgumentException(e.getMessage().replace(target.toString(), source.toString()), e);
        }
    }

    private static long copyUsers(Path source, Path target) throws IOException {
        if (source.getFileName().toString().endsWith(".json")) {
            try (UsersFile.Cursor cursor = UsersFile.open(source)) {
                return UsersFile.write(target, cursor);
            }
        }
        Iterator<UserId> ids = UserIdList.readPlainText(source);
        try {
            return UsersFile.write(target, ids);
        } finally {
            if (ids instanceof Closeable closeable) {
                closeable.close();
            }
        }
    }

    private static String describeUserSource(ExperimentConfig config, String usersFile) {
        return usersFile != null && !usersFile.isBlank()
                ? "the users file " + usersFile + " lists none"
                : "the input " + config.input().path() + " has no records";
    }

    private static void deleteRunDir(Path runDir) {
        try (Stream<Path> paths = Files.walk(runDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warning(() -> "could not remove the incomplete run " + runDir + ": " + e.getMessage());
        }
    }
}
