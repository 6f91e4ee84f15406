package io.batchlab.input;

import io.batchlab.config.InputConfig;
import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Each user's input records, for inputs too big to load at once. Bad input raises {@link InputException} naming the
 * file and line.
 */
public interface UserRecords extends Closeable {

    /**
     * Opens {@code input}. A JSONL input is indexed on first open (one streaming pass and an external sort) under
     * {@code workDir/input-index/}; later opens of the unchanged file reuse that index.
     *
     * @param workDir the batchlab work directory, {@code experiments/.batchlab}
     */
    static UserRecords open(InputConfig input, Path workDir) throws IOException {
        UserRecords all = switch (input.kind()) {
            case JSONL -> IndexedJsonlRecords.open(new JsonlIndexBuilder(input.path(), input.userIdField()), workDir);
            case DIRECTORY -> DirectoryUserRecords.open(input.path());
        };
        if (input.sampleUsers().isPresent()) {
            return new SampledUserRecords(all, input.sampleUsers().getAsInt(), input.sampleSeed());
        }
        return all;
    }

    /**
     * Every user found in the input, each once, sorted by id; only the sampled users if a sample is configured.
     * Streams from disk: only a sample is held in memory.
     */
    Iterator<UserId> users();

    /** That user's records in input order, or an empty list if it has none. Safe to call from several threads. */
    default List<JsonObject> recordsOf(UserId user) throws IOException {
        return Unlimited.read(() -> recordsOf(user, RecordLimit.NONE));
    }

    /**
     * Like {@link #recordsOf(UserId)}, reading no more than {@code limit} allows.
     *
     * @throws RecordLimitException at the first record past the limit, having read no further
     */
    List<JsonObject> recordsOf(UserId user, RecordLimit limit) throws IOException, RecordLimitException;

    /**
     * A cursor for one thread that looks up many users, cheapest when they are asked for in ascending id order (as
     * {@link #users()} lists them): an indexed input then reads its sorted records once, front to back, instead of
     * searching for every user. Any order is allowed. The caller closes it.
     */
    default Cursor recordsInOrder() throws IOException {
        return this::recordsOf;
    }

    /** Looks up users' records for one thread at a time; see {@link UserRecords#recordsInOrder()}. */
    @FunctionalInterface
    interface Cursor extends Closeable {

        /** The same as {@link UserRecords#recordsOf(UserId)}: that user's records in input order, or an empty list. */
        default List<JsonObject> recordsOf(UserId user) throws IOException {
            return Unlimited.read(() -> recordsOf(user, RecordLimit.NONE));
        }

        /** The same as {@link UserRecords#recordsOf(UserId, RecordLimit)}. */
        List<JsonObject> recordsOf(UserId user, RecordLimit limit) throws IOException, RecordLimitException;

        /** Nothing to release unless the cursor holds a file open. */
        @Override
        default void close() throws IOException {
        }
    }

    /** Reads with {@link RecordLimit#NONE}, whose bounds no input reaches. */
    final class Unlimited {

        private Unlimited() {
        }

        interface Read {
            List<JsonObject> records() throws IOException, RecordLimitException;
        }

        static List<JsonObject> read(Read read) throws IOException {
            try {
                return read.records();
            } catch (RecordLimitException e) {
                throw new IllegalStateException("no input has " + Long.MAX_VALUE + " records or bytes", e);
            }
        }
    }
}
