package io.batchlab.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lines of a text file, split at '\n' (a '\r' before it is dropped) and each decoded as strict UTF-8, so that
 * malformed bytes fail with the exact line they are on instead of being silently replaced.
 * (A decoding {@code Reader} would read ahead and lose the line number.) A line longer than {@value #MAX_LINE_BYTES}
 * bytes is refused as soon as reading passes that length, so a file without line breaks cannot fill the heap.
 */
final class Utf8Lines implements Closeable {

    static final String NOT_UTF8 = "not valid UTF-8 (save the file as UTF-8)";
    /** Longer than any one record a request can carry: a provider's context is well under a megabyte of text. */
    static final int MAX_LINE_BYTES = 16 << 20;

    private final Path file;
    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean ended;
    private byte[] line = new byte[1 << 10];
    private int lineLength;
    private long number;

    private Utf8Lines(Path file, InputStream in, int maxLineBytes) {
        this.file = file;
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Opens {@code file}; a missing file is an {@link InputException}. */
    static Utf8Lines open(Path file) throws IOException {
        return open(file, MAX_LINE_BYTES);
    }

    /** With another line bound, for tests. */
    static Utf8Lines open(Path file, int maxLineBytes) throws IOException {
        try {
            return new Utf8Lines(file, Files.newInputStream(file), maxLineBytes);
        } catch (NoSuchFileException e) {
            throw new InputException(file, "file not found");
        }
    }

    /** The next line without its line break, or {@code null} at the end of the file. */
    String next() throws IOException {
        if (!readLineBytes()) {
            return null;
        }
        number++;
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(line, 0, lineLength)).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(file, number, NOT_UTF8, e);
        }
        return number == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The length in bytes of the line {@link #next()} returned last, without its line break. */
    long bytes() {
        return lineLength;
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    long number() {
        return number;
    }

    private boolean readLineBytes() throws IOException {
        lineLength = 0;
        while (true) {
            if (position == limit) {
                if (ended || (limit = in.read(buffer)) < 0) {
                    ended = true;
                    limit = 0;
                    position = 0;
                    return lineLength > 0;
                }
                position = 0;
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            append(position, end);
            if (end < limit) {
                position = end + 1;
                return true;
            }
            position = limit;
        }
    }

    private void append(int from, int to) {
        int count = to - from;
        if ((long) lineLength + count > maxLineBytes) {
            throw new InputException(file, number + 1, "the line is longer than " + maxLineBytes
                    + " bytes, the most one line may have (is a line break missing?)");
        }
        if (lineLength + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + count));
        }
        System.arraycopy(buffer, from, line, lineLength, count);
        lineLength += count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
