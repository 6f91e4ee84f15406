package io.batchlab.input;

import io.batchlab.store.UserId;
import java.nio.file.Path;

/**
 * The most of one user's records that is read into memory. Reading counts records and their bytes as they stream and
 * stops at the first record past either bound, so one user with millions of records is refused instead of exhausting
 * the heap.
 *
 * @param maxRecords most records of one user
 * @param maxBytes   most bytes of one user's record text (UTF-8, as in the input)
 * @param why        what the bounds stand for, ending the message of a refusal, e.g. "a batch file holds at most ..."
 */
public record RecordLimit(long maxRecords, long maxBytes, String why) {

    /** No bound: for tools and tests that read a user whole. */
    public static final RecordLimit NONE = new RecordLimit(Long.MAX_VALUE, Long.MAX_VALUE, "no limit");

    public RecordLimit {
        if (maxRecords < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative: " + maxRecords + " records, "
                    + maxBytes + " bytes");
        }
    }

    /** A count of one user's records read so far from {@code file}. */
    Tally tally(UserId user, Path file) {
        return new Tally(user, file);
    }

    /** Counts as records are read; {@link #add} refuses the first record past a bound. */
    final class Tally {

        private final UserId user;
        private final Path file;
        private long records;
        private long bytes;

        private Tally(UserId user, Path file) {
            this.user = user;
            this.file = file;
        }

        /** Counts one more record of {@code recordBytes} bytes, before it is parsed. */
        void add(long recordBytes) throws RecordLimitException {
            records++;
            bytes += recordBytes;
            if (records > maxRecords) {
                throw new RecordLimitException(user, "user " + user + " has more than " + maxRecords + " records in "
                        + file.getFileName() + " (reading stopped there); " + why);
            }
            if (bytes > maxBytes) {
                throw new RecordLimitException(user, "user " + user + " has more than " + maxBytes
                        + " bytes of records in " + file.getFileName() + " (reading stopped there); " + why);
            }
        }
    }
}
