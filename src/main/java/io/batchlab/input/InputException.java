package io.batchlab.input;

import io.batchlab.store.InvalidUserIdException;

import java.nio.file.Path;

/**
 * Input data that cannot be used: the message names the file, the line (1-based) where it applies, what is wrong and
 * what is allowed.
 */
public class InputException extends RuntimeException {

    private final transient Path file;
    private final long line;

    /** A problem with the file as a whole (missing, unreadable, wrong kind). */
    public InputException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.line = 0;
    }

    /** A problem on one line of {@code file}. */
    public InputException(Path file, long line, String problem) {
        this(file, line, problem, null);
    }

    public InputException(Path file, long line, String problem, Throwable cause) {
        super(file + " line " + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** An invalid user id whose message already names {@code file} and {@code line}. */
    InputException(Path file, long line, InvalidUserIdException cause) {
        super(cause.getMessage(), cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** The 1-based line the problem is on, or 0 if it concerns the whole file. */
    public long line() {
        return line;
    }
}
