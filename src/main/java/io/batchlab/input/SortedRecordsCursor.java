package io.batchlab.input;

import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the sorted records file of an index ({@value JsonlIndexBuilder#RECORDS}: {@code userId<TAB>record} lines)
 * for one thread, remembering where the last lookup stopped. A lookup for a later user reads on from there, or jumps
 * ahead through the sparse offsets when that is closer, so ascending users read every byte at most once; a lookup for
 * the same or an earlier user seeks back through the sparse offsets. Other users' lines are skipped by comparing
 * their id bytes (ids are ASCII, so byte order is the file's {@link String#compareTo} order), never decoded.
 */
final class SortedRecordsCursor implements UserRecords.Cursor {

    private final Path file;
    /** The JSONL input the index was built from, named in messages about a user's records. */
    private final Path input;
    private final FileChannel channel;
    private final SparseOffsets offsets;
    private byte[] buffer = new byte[(int) JsonlIndexBuilder.OFFSET_STRIDE];
    /** The file offset of {@code buffer[0]}. */
    private long bufferStart;
    /** The start of the next unread line in the buffer. */
    private int position;
    private int limit;
    private boolean endOfFile;
    /** Of the line at {@link #position} once {@link #nextLine()} found it: where its id ends (the tab) ... */
    private int idEnd;
    /** ... where its text ends, and where the line after it starts. */
    private int lineEnd;
    private int nextLineStart;
    /** Every line before the read position belongs to this user or an earlier one; null when that is unknown. */
    private byte[] readUpTo;

    private SortedRecordsCursor(Path file, Path input, FileChannel channel, SparseOffsets offsets) {
        this.file = file;
        this.input = input;
        this.channel = channel;
        this.offsets = offsets;
    }

    static SortedRecordsCursor open(Path file, Path input, SparseOffsets offsets) throws IOException {
        return new SortedRecordsCursor(file, input, FileChannel.open(file, StandardOpenOption.READ), offsets);
    }

    @Override
    public List<JsonObject> recordsOf(UserId user, RecordLimit limit) throws IOException, RecordLimitException {
        long start = offsets.startOf(user);
        if (start < 0) {
            return List.of();
        }
        byte[] id = user.value().getBytes(StandardCharsets.US_ASCII);
        if (readUpTo == null || Arrays.compare(id, readUpTo) <= 0 || start > bufferStart + position) {
            seek(start);
        }
        readUpTo = null;
        List<JsonObject> records = new ArrayList<>();
        RecordLimit.Tally tally = limit.tally(user, input);
        while (nextLine()) {
            int order = Arrays.compare(buffer, position, idEnd, id, 0, id.length);
            if (order > 0) {
                break;
            }
            if (order == 0) {
                // Past the limit, readUpTo stays null: the next lookup seeks instead of trusting the position.
                tally.add(lineEnd - idEnd - 1L);
                records.add(parseRecord());
            }
            position = nextLineStart;
        }
        readUpTo = id;
        return records;
    }

    private void seek(long offset) {
        if (offset >= bufferStart && offset <= bufferStart + limit) {
            position = (int) (offset - bufferStart);
            return;
        }
        bufferStart = offset;
        position = 0;
        limit = 0;
        endOfFile = false;
    }

    /** Makes the whole line at {@link #position} available in the buffer; false at the end of the file. */
    private boolean nextLine() throws IOException {
        int scanFrom = position;
        while (true) {
            for (int i = scanFrom; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return found(i, i + 1);
                }
            }
            if (endOfFile) {
                return position < limit && found(limit, limit);
            }
            int scanned = limit - position;
            fill();
            scanFrom = position + scanned;
        }
    }

    private boolean found(int end, int next) {
        lineEnd = end;
        nextLineStart = next;
        for (int i = position; i < end; i++) {
            if (buffer[i] == '\t') {
                idEnd = i;
                return true;
            }
        }
        throw new InputException(file, "damaged input index: the line at byte " + (bufferStart + position)
                + " has no user id; delete the index directory " + file.getParent() + " to rebuild it");
    }

    /** Moves the unread bytes to the front (growing the buffer if one line fills it) and reads more after them. */
    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            bufferStart += position;
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = channel.read(ByteBuffer.wrap(buffer, limit, buffer.length - limit), bufferStart + limit);
        if (read < 0) {
            endOfFile = true;
        } else {
            limit += read;
        }
    }

    private JsonObject parseRecord() {
        String text = new String(buffer, idEnd + 1, lineEnd - idEnd - 1, StandardCharsets.UTF_8);
        try (JsonReader reader = JsonlFile.READERS.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
