package io.batchlab.input;

import io.batchlab.store.Deployment;
import io.batchlab.store.InvalidUserIdException;
import io.batchlab.store.UserId;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Builds the index of a JSONL input in one streaming pass (validating every line) plus an external merge sort:
 * <ul>
 *   <li>{@value #RECORDS}: every record line as {@code userId<TAB>original line}, sorted by user id and, within a
 *       user, in input order;</li>
 *   <li>{@value #USERS}: each user id once, sorted;</li>
 *   <li>{@value #OFFSETS}: {@code userId<TAB>byte offset} of a user's first record, for the first user at or after
 *       every {@value #OFFSET_STRIDE} bytes of the records file (a sparse index small enough to keep in memory).</li>
 * </ul>
 */
class JsonlIndexBuilder {

    static final String RECORDS = "records.sorted";
    static final String USERS = "users.txt";
    static final String OFFSETS = "offsets.txt";
    static final long OFFSET_STRIDE = 16 * 1024;

    /** What a build found. */
    record Counts(long records, long users) {
    }

    private final Path input;
    private final String userIdField;
    private final int chunkLines;
    private final long chunkChars;
    private final int fanIn;

    JsonlIndexBuilder(Path input, String userIdField) {
        this(input, userIdField, 100_000, 32L << 20, 64);
    }

    /** With explicit sort bounds, so tests can force many runs and merge levels on small inputs. */
    JsonlIndexBuilder(Path input, String userIdField, int chunkLines, long chunkChars, int fanIn) {
        this.userIdField = Objects.requireNonNull(userIdField, "JSONL input needs a user-id field");
        this.input = input.toAbsolutePath().normalize();
        this.chunkLines = chunkLines;
        this.chunkChars = chunkChars;
        this.fanIn = fanIn;
    }

    Path input() {
        return input;
    }

    String userIdField() {
        return userIdField;
    }

    /** Writes the index files into {@code dir}, an existing empty directory (overridden by tests to race builds). */
    Counts build(Path dir) throws IOException {
        SortedRuns sorted = new SortedRuns(dir, chunkLines, chunkChars, fanIn);
        try (JsonlFile file = JsonlFile.open(input)) {
            for (JsonlFile.Line line = file.next(); line != null; line = file.next()) {
                sorted.add(userIdOf(line).value(), line.text());
            }
        }
        try (IndexWriter writer = new IndexWriter(dir)) {
            sorted.mergeInto(writer::add);
            return writer.counts();
        }
    }

    private UserId userIdOf(JsonlFile.Line line) {
        JsonValue value = line.object().get(userIdField);
        String raw;
        if (value == null) {
            throw new InputException(input, line.number(), "missing user-id field '" + userIdField
                    + "': every record needs it (a string or an integer)");
        } else if (value instanceof JsonString string) {
            raw = string.getString();
        } else if (value instanceof JsonNumber number && number.isIntegral()) {
            raw = number.bigIntegerValue().toString();
        } else {
            throw new InputException(input, line.number(), "user-id field '" + userIdField + "' is "
                    + Deployment.quote(value.toString()) + " (" + value.getValueType().name().toLowerCase()
                    + "): use a string or an integer");
        }
        try {
            return UserId.of(raw, input + " line " + line.number());
        } catch (InvalidUserIdException e) {
            throw new InputException(input, line.number(), e);
        }
    }

    /** Writes the three index files from the merged lines, and forces them to disk before the index is published. */
    private static final class IndexWriter implements Closeable {
        private final IndexFile records;
        private final IndexFile users;
        private final IndexFile offsets;
        private String currentUser;
        private long nextIndexedOffset;
        private long recordCount;
        private long userCount;

        IndexWriter(Path dir) throws IOException {
            records = new IndexFile(dir.resolve(RECORDS));
            users = new IndexFile(dir.resolve(USERS));
            offsets = new IndexFile(dir.resolve(OFFSETS));
        }

        void add(String user, String text) throws IOException {
            if (!user.equals(currentUser)) {
                currentUser = user;
                userCount++;
                users.writeLine(user);
                if (records.size() >= nextIndexedOffset) {
                    offsets.writeLine(user + '\t' + records.size());
                    nextIndexedOffset = records.size() + OFFSET_STRIDE;
                }
            }
            records.writeLine(user + '\t' + text);
            recordCount++;
        }

        Counts counts() {
            return new Counts(recordCount, userCount);
        }

        @Override
        public void close() throws IOException {
            try (records; users; offsets) {
                records.force();
                users.force();
                offsets.force();
            }
        }
    }

    /** A new file written line by line in UTF-8, counting its bytes. */
    private static final class IndexFile implements Closeable {
        private final FileChannel channel;
        private final OutputStream out;
        private long size;

        IndexFile(Path path) throws IOException {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }

        void writeLine(String line) throws IOException {
            byte[] bytes = (line + '\n').getBytes(StandardCharsets.UTF_8);
            out.write(bytes);
            size += bytes.length;
        }

        long size() {
            return size;
        }

        void force() throws IOException {
            out.flush();
            channel.force(true);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
