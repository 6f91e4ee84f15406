package io.batchlab.control;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The right to work on a run: one process at a time, and in that process one job execution at a time.
 *
 * <p>Across processes it is an OS file lock under {@code .batchlab/locks/}, which the OS releases when the process
 * dies, so a crash never leaves a run leased. Inside a process, leases share that lock and at most one of them belongs
 * to a job execution: a CLI that supervises a run across windows holds a process lease while the executions it starts
 * take execution leases; on a server every execution takes its own. The job takes its lease itself when it starts, so
 * every face that can start it (CLI, runs API, JBeret REST, jboss-cli, JMX, the console, windows) is covered.
 */
public final class RunLease implements AutoCloseable {

    /** The runs this JVM holds, by lock file; guarded by the class. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private final Path lockFile;
    private final Long execution;
    private boolean closed;

    private RunLease(Path lockFile, Long execution) {
        this.lockFile = lockFile;
        this.execution = execution;
    }

    /** For a process that works on the run, between and around its job executions. */
    public static RunLease forProcess(ExperimentStore store, RunId run) throws IOException {
        return acquire(store, run, null);
    }

    /** For one job execution; refused while another execution, here or in another process, works on the run. */
    public static RunLease forExecution(ExperimentStore store, RunId run, long execution) throws IOException {
        return acquire(store, run, execution);
    }

    /** Whether any process, this one included, holds a lease on the run. */
    public static boolean isHeld(ExperimentStore store, RunId run) throws IOException {
        Path file = lockFile(store, run);
        synchronized (RunLease.class) {
            if (HELD.containsKey(file)) {
                return true;
            }
            try (FileChannel channel = open(file)) {
                FileLock probe = channel.tryLock(0, 1, false);
                if (probe == null) {
                    return true;
                }
                probe.release();
                return false;
            }
        }
    }

    /**
     * Whether a job execution works on the run now: one of this JVM's, or whatever process holds its lock. A process
     * lease alone (a CLI between its executions) does not count, so that process may continue a crashed execution.
     */
    public static boolean isWorkedOn(ExperimentStore store, RunId run) throws IOException {
        Path file = lockFile(store, run);
        synchronized (RunLease.class) {
            Held held = HELD.get(file);
            return held != null ? held.execution != null : isHeld(store, run);
        }
    }

    private static RunLease acquire(ExperimentStore store, RunId run, Long execution) throws IOException {
        Path file = lockFile(store, run);
        synchronized (RunLease.class) {
            Held held = HELD.get(file);
            if (held == null) {
                held = lockOrRefuse(store, run, file);
                HELD.put(file, held);
            } else if (execution != null && held.execution != null) {
                throw new RunLeaseException("run " + run + " is already being worked on by job execution "
                        + held.execution + " in this process (pid " + ProcessHandle.current().pid()
                        + "): stop it first, or wait for it to end");
            }
            held.count++;
            if (execution != null) {
                held.execution = execution;
            }
            writeHolder(store, run, held);
            return new RunLease(file, execution);
        }
    }

    private static Held lockOrRefuse(ExperimentStore store, RunId run, Path file) throws IOException {
        FileChannel channel = open(file);
        FileLock lock;
        try {
            lock = channel.tryLock(0, 1, false);
        } catch (IOException e) {
            channel.close();
            throw e;
        } catch (OverlappingFileLockException e) {
            // another channel of this JVM holds it, outside this class: a bug, not another worker
            channel.close();
            throw new IllegalStateException("the lease file " + file + " is locked twice in this process", e);
        }
        if (lock == null) {
            channel.close();
            throw new RunLeaseException("run " + run + " is already being worked on by " + holder(store, run)
                    + ": stop it there first, or wait for it to end");
        }
        return new Held(channel, lock);
    }

    /** Who holds the run, as the holder wrote it: process, host, job execution, since when. */
    public static String holder(ExperimentStore store, RunId run) {
        try {
            return Files.readString(holderFile(store, run), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "another process";
        }
    }

    private static void writeHolder(ExperimentStore store, RunId run, Held held) throws IOException {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        String text = "process " + ProcessHandle.current().pid() + " on " + host
                + (held.execution == null ? "" : ", job execution " + held.execution) + " (since " + Instant.now() + ")";
        Files.writeString(holderFile(store, run), text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        synchronized (RunLease.class) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(lockFile);
            if (held == null) {
                return;
            }
            if (execution != null && execution.equals(held.execution)) {
                held.execution = null;
            }
            if (--held.count == 0) {
                HELD.remove(lockFile);
                try {
                    held.lock.release();
                    held.channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release the lease " + lockFile, e);
                }
            }
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static Path lockFile(ExperimentStore store, RunId run) throws IOException {
        return locks(store).resolve(run + ".lock");
    }

    private static Path holderFile(ExperimentStore store, RunId run) throws IOException {
        return locks(store).resolve(run + ".holder");
    }

    private static Path locks(ExperimentStore store) throws IOException {
        return Files.createDirectories(store.workDir().resolve("locks")).toAbsolutePath().normalize();
    }

    /** The one OS lock of a run in this JVM and who in this JVM shares it. */
    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        int count;
        Long execution;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }
}
