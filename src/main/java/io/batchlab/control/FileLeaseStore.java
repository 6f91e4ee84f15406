package io.batchlab.control;

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
import java.util.List;

/**
 * Leases as OS file locks under the tree's {@code .batchlab/locks/}: the OS releases a lock when its process dies, so
 * a crash never leaves a run leased and nothing ever expires. Sound on one machine; not across NFS clients.
 */
final class FileLeaseStore implements LeaseStore {

    private final ExperimentStore store;

    FileLeaseStore(ExperimentStore store) {
        this.store = store;
    }

    @Override
    public String key(RunId run) {
        try {
            return lockFile(run).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create the lease directory of " + store.root(), e);
        }
    }

    @Override
    public Claim tryClaim(RunId run, String holder) throws IOException {
        Path file = lockFile(run);
        FileChannel channel = open(file);
        FileLock lock;
        try {
            lock = channel.tryLock(0, 1, false);
        } catch (IOException e) {
            channel.close();
            throw e;
        } catch (OverlappingFileLockException e) {
            // another channel of this JVM holds it, outside RunLease: a bug, not another worker
            channel.close();
            throw new IllegalStateException("the lease file " + file + " is locked twice in this process", e);
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        Claim claim = new Claim() {
            @Override
            public void describe(String text) throws IOException {
                Files.writeString(holderFile(run), text, StandardCharsets.UTF_8);
            }

            @Override
            public boolean confirm() {
                return lock.isValid(); // the OS keeps the lock as long as this process lives
            }

            @Override
            public boolean lost() {
                return !lock.isValid();
            }

            @Override
            public void release() throws IOException {
                lock.release();
                channel.close();
            }
        };
        claim.describe(holder);
        return claim;
    }

    @Override
    public boolean isHeld(RunId run) throws IOException {
        try (FileChannel channel = open(lockFile(run))) {
            FileLock probe = channel.tryLock(0, 1, false);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        }
    }

    @Override
    public String holder(RunId run) {
        try {
            return Files.readString(holderFile(run), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "another process";
        }
    }

    /** The OS frees the locks of dead processes: none is ever left behind. */
    @Override
    public List<RunId> expired() {
        return List.of();
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private Path lockFile(RunId run) throws IOException {
        return locks().resolve(run + ".lock");
    }

    private Path holderFile(RunId run) throws IOException {
        return locks().resolve(run + ".holder");
    }

    private Path locks() throws IOException {
        return Files.createDirectories(store.workDir().resolve("locks")).toAbsolutePath().normalize();
    }
}
