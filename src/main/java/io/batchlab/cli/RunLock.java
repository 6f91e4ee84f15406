package io.batchlab.cli;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One process at a time works on a run: an OS file lock under {@code .batchlab/locks/}. The OS releases it when
 * the process dies, so a crash never leaves a run locked, and a second process gets a clear refusal.
 */
final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static RunLock acquire(ExperimentStore store, RunId run) throws IOException {
        return tryAcquire(store, run).orElseThrow(() -> new CliException(
                "run " + run + " is already being worked on by another batchlab process (pid "
                        + holder(store, run) + "); use 'batchlab stop " + run + "' or wait for it"));
    }

    static Optional<RunLock> tryAcquire(ExperimentStore store, RunId run) throws IOException {
        Path file = lockFile(store, run);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock(0, 1, false);
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            Files.writeString(pidFile(store, run), Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.UTF_8);
            return Optional.of(new RunLock(channel, lock));
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        }
    }

    static boolean isHeld(ExperimentStore store, RunId run) throws IOException {
        Optional<RunLock> probe = tryAcquire(store, run);
        probe.ifPresent(RunLock::close);
        return probe.isEmpty();
    }

    private static String holder(ExperimentStore store, RunId run) {
        try {
            return Files.readString(pidFile(store, run), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Path lockFile(ExperimentStore store, RunId run) throws IOException {
        return Files.createDirectories(store.workDir().resolve("locks")).resolve(run + ".lock");
    }

    private static Path pidFile(ExperimentStore store, RunId run) throws IOException {
        return Files.createDirectories(store.workDir().resolve("locks")).resolve(run + ".pid");
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
