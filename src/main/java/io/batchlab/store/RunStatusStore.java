package io.batchlab.store;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Reads and changes runs/RUN_ID/status.json. Reading needs only the tree ({@link #read(ExperimentStore, RunId)});
 * an instance changes it, stamping {@code last_updated} from its clock in the experiment's zone. Changes are
 * serialized per run across threads and processes and written atomically, so a reader never sees a half-written file.
 */
public final class RunStatusStore {

    private static final String LOCK_SUFFIX = ".status.lock";
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(true)
            .withFormatting(true));
    // JVM-wide: two channels of one JVM cannot both hold a file lock, so threads queue here first.
    private static final ConcurrentMap<Path, ReentrantLock> THREAD_LOCKS = new ConcurrentHashMap<>();

    private final ExperimentStore store;
    private final Clock clock;
    private final ZoneId zone;

    public RunStatusStore(ExperimentStore store, Clock clock, ZoneId zone) {
        this.store = store;
        this.clock = clock;
        this.zone = zone;
    }

    /** Writes the first status.json of an allocated run; an existing one is never overwritten. */
    public RunStatus create(RunId run, String description) throws IOException {
        requireAllocated(run);
        return underRunLock(run, () -> {
            Path file = store.statusFile(run);
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString(), null,
                        "run " + run + " already has a status; change it with update");
            }
            RunStatus fresh = RunStatus.created(run, description, now());
            write(file, fresh);
            return fresh;
        });
    }

    /** The run's status.json as it is now; a reader needs no clock, as only a change stamps a time. */
    public static RunStatus read(ExperimentStore store, RunId run) throws IOException {
        Path file = store.statusFile(run);
        try (InputStream in = Files.newInputStream(file)) {
            return JSONB.fromJson(in, RunStatus.class);
        } catch (JsonbException | IllegalArgumentException e) {
            throw new IOException("cannot read " + file + ": " + reason(e)
                    + "; expected a JSON object with created, steps, last_updated, description", e);
        }
    }

    /** JSON-B wraps what a value refused (e.g. an unknown state) in words that name neither the value nor the rule. */
    private static String reason(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException refused) {
                return refused.getMessage();
            }
        }
        return e.getMessage();
    }

    /** Applies {@code change} to the current status under the run's lock; writes only if something changed. */
    public RunStatus update(RunId run, UnaryOperator<RunStatus> change) throws IOException {
        requireAllocated(run);
        return underRunLock(run, () -> {
            RunStatus current = read(store, run);
            RunStatus changed = change.apply(current);
            if (changed.equals(current)) {
                return current;
            }
            RunStatus stamped = changed.withLastUpdated(now());
            write(store.statusFile(run), stamped);
            if (stamped.counts() != null && !stamped.counts().equals(current.counts())) {
                CountsHistory.append(store, run, stamped.lastUpdated(), stamped.counts());
            }
            return stamped;
        });
    }

    private void requireAllocated(RunId run) throws NoSuchFileException {
        if (!store.exists(run)) {
            throw new NoSuchFileException(store.runDir(run).toString(), null,
                    "run " + run + " does not exist under " + store.root());
        }
    }

    private static void write(Path file, RunStatus status) throws IOException {
        String json = JSONB.toJson(status);
        AtomicFiles.writeString(file, json.strip() + "\n");
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(zone));
    }

    @FunctionalInterface
    private interface LockedAction {
        RunStatus run() throws IOException;
    }

    private RunStatus underRunLock(RunId run, LockedAction action) throws IOException {
        // Under .batchlab/, so runs/RUN_ID holds only the seed's three files.
        Path lockFile = Files.createDirectories(store.workDir().resolve("locks")).resolve(run + LOCK_SUFFIX);
        ReentrantLock threadLock = THREAD_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        threadLock.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock processLock = channel.lock();
            try {
                return action.run();
            } finally {
                processLock.release();
            }
        } finally {
            threadLock.unlock();
        }
    }
}
