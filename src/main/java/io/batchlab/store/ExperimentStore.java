package io.batchlab.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The experiments tree with its two views: {@code runs/RUN_ID/{config.yaml, users.json, status.json}} and
 * {@code users/USER_ID/RUN_ID/{batch.jsonl, upload.json, results.json}}. Every path under the root is built here.
 */
public final class ExperimentStore {

    private static final Logger LOG = Logger.getLogger(ExperimentStore.class.getName());
    private static final List<String> LEGACY_DIRS = List.of("batch_files", "results");
    private static final Set<Path> WARNED_ROOTS = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Path runsDir;
    private final Path usersDir;

    private ExperimentStore(Path root) {
        this.root = root;
        this.runsDir = root.resolve("runs");
        this.usersDir = root.resolve("users");
    }

    public static ExperimentStore open(Path root) throws IOException {
        ExperimentStore store = new ExperimentStore(root.toAbsolutePath().normalize());
        Files.createDirectories(store.runsDir);
        Files.createDirectories(store.usersDir);
        store.warnAboutLegacyDirs();
        return store;
    }

    private void warnAboutLegacyDirs() {
        List<String> legacy = LEGACY_DIRS.stream().filter(name -> Files.exists(root.resolve(name))).toList();
        if (!legacy.isEmpty() && WARNED_ROOTS.add(root)) {
            LOG.warning(() -> "Legacy directories " + legacy + " in " + root + " are deprecated and no longer"
                    + " used: runs live in runs/RUN_ID/{config.yaml, users.json, status.json} and"
                    + " users/USER_ID/RUN_ID/{batch.jsonl, upload.json, results.json}");
        }
    }

    public Path root() {
        return root;
    }

    /** Job repository, input indexes and scratch space; not part of either view. */
    public Path workDir() {
        return createDirectories(root.resolve(".batchlab"));
    }

    public Path runDir(RunId run) {
        return underRoot(runsDir.resolve(run.toString()));
    }

    public Path configFile(RunId run) {
        return runDir(run).resolve("config.yaml");
    }

    public Path usersFile(RunId run) {
        return runDir(run).resolve("users.json");
    }

    public Path statusFile(RunId run) {
        return runDir(run).resolve("status.json");
    }

    /** The user's directory for this run, created if missing. */
    public Path userRunDir(UserId user, RunId run) {
        return createDirectories(userRunPath(user, run));
    }

    /** Only the path: looking a file up must not add the run to the user's view; write after {@link #userRunDir}. */
    public Path batchFile(UserId user, RunId run) {
        return userRunPath(user, run).resolve("batch.jsonl");
    }

    public Path uploadFile(UserId user, RunId run) {
        return userRunPath(user, run).resolve("upload.json");
    }

    public Path resultsFile(UserId user, RunId run) {
        return userRunPath(user, run).resolve("results.json");
    }

    /**
     * Claims the lowest free sequence for (date, type, model) by creating its run directory: creating a
     * directory is atomic, so concurrent threads and processes never get the same id.
     */
    public RunId allocateRun(String type, String model, LocalDate date) throws IOException {
        RunId first = new RunId(date, type, model, 1);
        Files.createDirectories(runsDir);
        BitSet taken = takenSequences(first);
        for (int sequence = taken.nextClearBit(1); sequence <= RunId.MAX_SEQUENCE;
                sequence = taken.nextClearBit(sequence + 1)) {
            RunId candidate = first.withSequence(sequence);
            try {
                Files.createDirectory(runDir(candidate));
                LOG.fine(() -> "Allocated run " + candidate);
                return candidate;
            } catch (FileAlreadyExistsException claimedMeanwhile) {
                LOG.finest(() -> "Run " + candidate + " was claimed meanwhile, trying the next one");
            }
        }
        throw new RunSequenceExhaustedException(date, type, model, runsDir);
    }

    /** Sequences already used for the date, type and model of {@code prototype}; a hint, the claim decides. */
    private BitSet takenSequences(RunId prototype) throws IOException {
        BitSet taken = new BitSet(RunId.MAX_SEQUENCE + 1);
        String prefix = prototype.toString().substring(0, prototype.toString().length() - 3);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runsDir, prefix + "[0-9][0-9][0-9]")) {
            for (Path entry : entries) {
                taken.set(Integer.parseInt(entry.getFileName().toString().substring(prefix.length())));
            }
        }
        return taken;
    }

    public boolean exists(RunId run) {
        return Files.isDirectory(runDir(run));
    }

    /** All runs, oldest first (the string order of run ids is chronological). */
    public List<RunId> runs() throws IOException {
        return runIdsIn(runsDir);
    }

    /** The runs this user takes part in, oldest first. */
    public List<RunId> runsOf(UserId user) throws IOException {
        return runIdsIn(underRoot(usersDir.resolve(user.value())));
    }

    private static List<RunId> runIdsIn(Path dir) throws IOException {
        List<RunId> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                try {
                    found.add(RunId.parse(name));
                } catch (IllegalArgumentException notARun) {
                    LOG.log(Level.FINE, "Ignoring {0}: not a run directory", entry);
                }
            }
        }
        found.sort(null);
        return found;
    }

    private Path userRunPath(UserId user, RunId run) {
        return underRoot(usersDir.resolve(user.value()).resolve(run.toString()));
    }

    /** Second line of defence behind id validation: no resolved path may leave the root. */
    Path underRoot(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw new IllegalArgumentException("path " + path + " is outside the experiments root " + root);
        }
        return normalized;
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir, e);
        }
    }
}
