package io.batchlab.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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
    private final ByteLines lines;
    private long number;

    private Utf8Lines(Path file, InputStream in, int maxLineBytes) {
        this.file = file;
        this.lines = new ByteLines(in, maxLineBytes);
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
        boolean found;
        try {
            found = lines.next();
        } catch (ByteLines.LineTooLongException e) {
            throw new InputException(file, number + 1, e.getMessage());
        }
        if (!found) {
            return null;
        }
        number++;
        String text = lines.decoded().orElseThrow(() -> new InputException(file, number, NOT_UTF8));
        return number == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The length in bytes of the line {@link #next()} returned last, without its line break. */
    long bytes() {
        return lines.length();
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    long number() {
        return number;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
