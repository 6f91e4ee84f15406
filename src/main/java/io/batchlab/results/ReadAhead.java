package io.batchlab.results;

import io.batchlab.store.UserId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads users' results.json ahead of an export on worker threads and hands the users back in users.json order:
 * reading and parsing are most of an export's work (P8), and they spread over the cores while one thread writes.
 *
 * <p>Memory stays bounded: users go to the workers in blocks of {@link #BLOCK_USERS}, at most two blocks per worker
 * are in flight, and a block reads ahead at most {@link #BLOCK_BYTES} of results.json. A user the workers leave — past
 * that budget, without a results.json, or with a file they could not read — comes back unread, and the export reads
 * them itself as it did before; so a broken file fails the export at the same user, with the same message.
 */
final class ReadAhead implements AutoCloseable {

    static final int BLOCK_USERS = 64;
    static final long BLOCK_BYTES = 512 * 1024;
    /** More readers than this gain little: one thread writes everything they read. */
    private static final int MOST_WORKERS = 4;
    private static final long STOPPING = 10;

    /** Reads one user's rows within {@code budget} bytes of results.json; null to leave the user to the export. */
    @FunctionalInterface
    interface UserReader {
        UserRows read(UserId user, long budget) throws IOException;
    }

    /** A user in users.json order, with the rows read ahead, or {@code read == null} when left to the export. */
    record Next(UserId user, UserRows read) {
    }

    private final Iterator<UserId> users;
    private final UserReader reader;
    private final ExecutorService workers;
    private final int window;
    private final Deque<Future<List<Next>>> inFlight = new ArrayDeque<>();
    private Iterator<Next> current = List.<Next>of().iterator();

    /** With {@code workers} below 2 nothing is read ahead (one core gains nothing from it). */
    ReadAhead(Iterator<UserId> users, UserReader reader, int workers) {
        this.users = users;
        this.reader = reader;
        this.workers = workers < 2 ? null : Executors.newFixedThreadPool(workers, new Readers());
        this.window = 2 * workers;
    }

    /** As many workers as cores, up to four. */
    static int defaultWorkers() {
        return Math.min(MOST_WORKERS, Runtime.getRuntime().availableProcessors());
    }

    /** The next user in order; null after the last. */
    Next next() throws IOException {
        if (workers == null) {
            return users.hasNext() ? new Next(users.next(), null) : null;
        }
        while (!current.hasNext()) {
            while (inFlight.size() < window && users.hasNext()) {
                List<UserId> block = new ArrayList<>(BLOCK_USERS);
                while (block.size() < BLOCK_USERS && users.hasNext()) {
                    block.add(users.next());
                }
                inFlight.add(workers.submit(() -> readBlock(block)));
            }
            if (inFlight.isEmpty()) {
                return null;
            }
            current = await(inFlight.poll()).iterator();
        }
        return current.next();
    }

    private List<Next> readBlock(List<UserId> block) {
        List<Next> read = new ArrayList<>(block.size());
        long budget = BLOCK_BYTES;
        for (UserId user : block) {
            UserRows rows = null;
            if (budget > 0) {
                try {
                    rows = reader.read(user, budget);
                } catch (IOException left) {
                    // the export reads this user again and reports it in its place
                    budget = 0;
                }
            }
            if (rows != null) {
                budget -= rows.bytes();
            }
            read.add(new Next(user, rows));
        }
        return read;
    }

    private static List<Next> await(Future<List<Next>> block) throws IOException {
        try {
            return block.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading results ahead");
        } catch (ExecutionException e) {
            // readBlock throws nothing checked: a failure here is a defect, passed on as it was thrown
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    /**
     * Stops the readers and waits, briefly, until they have: once an export returns, nothing of it reads the run any
     * more (a reader is at most one results.json from stopping).
     */
    @Override
    public void close() {
        if (workers != null) {
            inFlight.forEach(block -> block.cancel(true));
            workers.shutdownNow();
            try {
                workers.awaitTermination(STOPPING, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Daemon threads, named for thread dumps: an export that fails must not keep a JVM alive. */
    private static final class Readers implements ThreadFactory {
        private static final AtomicInteger EXPORTS = new AtomicInteger();
        private final int export = EXPORTS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "batchlab-export-" + export + "-reader-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    /** One user's rows as read ahead, their results.json, and its size (counted against the block's budget). */
    record UserRows(List<ExportRow> rows, Path results, long bytes) {
    }
}
