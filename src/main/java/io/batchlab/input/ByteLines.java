package io.batchlab.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The lines of a stream as bytes, split at '\n' (a '\r' before it is dropped), each decoded as strict UTF-8 only on
 * request: a caller decides what a line that is not UTF-8 means (a bad input file, or one bad answer of many).
 */
public final class ByteLines implements Closeable {

    /** A line longer than the bound; the caller names the file and line. */
    public static final class LineTooLongException extends IOException {
        LineTooLongException(int maxLineBytes) {
            super("the line is longer than " + maxLineBytes + " bytes, the most one line may have (is a line break "
                    + "missing?)");
        }
    }

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
    private int length;

    public ByteLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Reads the next line; false at the end of the stream.
     *
     * @throws LineTooLongException when the line exceeds the bound (nothing more of it is kept)
     */
    public boolean next() throws IOException {
        length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                if (ended || (limit = in.read(buffer)) < 0) {
                    ended = true;
                    position = 0;
                    limit = 0;
                    return trimmed(any);
                }
                position = 0;
            }
            any = true;
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            append(position, end);
            if (end < limit) {
                position = end + 1;
                return trimmed(true);
            }
            position = limit;
        }
    }

    /** The length in bytes of the line {@link #next()} read last, without its line break. */
    public int length() {
        return length;
    }

    /** The line as text, or empty if it is not valid UTF-8. */
    public Optional<String> decoded() {
        try {
            return Optional.of(decoder.decode(ByteBuffer.wrap(line, 0, length)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private boolean trimmed(boolean found) {
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return found;
    }

    private void append(int from, int to) throws LineTooLongException {
        int count = to - from;
        if ((long) length + count > maxLineBytes) {
            throw new LineTooLongException(maxLineBytes);
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(buffer, from, line, length, count);
        length += count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
