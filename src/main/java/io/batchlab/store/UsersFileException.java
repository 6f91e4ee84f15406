package io.batchlab.store;

import jakarta.json.stream.JsonLocation;
import java.nio.file.Path;

/** A users.json that is not {@code {"users": ["31499533", ...]}}; names the file, line and column. */
public class UsersFileException extends RuntimeException {

    static final String EXPECTED_SHAPE = "{\"users\": [\"31499533\", \"31499534\"]}";

    public UsersFileException(Path file, JsonLocation location, String problem, Throwable cause) {
        super(file + where(location) + ": " + problem + "; expected the shape " + EXPECTED_SHAPE, cause);
    }

    /** The parser's words, which may cite the file's characters: for the file's owner, not on a server. */
    static String detail(Exception e) {
        return Deployment.onServer() ? "" : " (" + e.getMessage() + ")";
    }

    private UsersFileException(String message, Throwable cause) {
        super(message, cause);
    }

    static UsersFileException notUtf8(Path file, Utf8Reader.NotUtf8Exception e) {
        return new UsersFileException(file + " is " + e.getMessage() + "; save the users file as UTF-8", e);
    }

    private static String where(JsonLocation location) {
        return location == null ? ""
                : " line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }
}
