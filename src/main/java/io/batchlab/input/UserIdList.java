package io.batchlab.input;

import io.batchlab.store.InvalidUserIdException;
import io.batchlab.store.UserId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A plain-text list of user ids, one per line; blank lines and lines starting with {@code #} are skipped, surrounding
 * spaces are ignored. The whole file is read and validated up front, so a bad line fails before any work starts; a
 * repeated id is an error (it would process that user twice).
 */
public final class UserIdList {

    private UserIdList() {
    }

    /** The ids of {@code file} in file order; every problem names the file and line. */
    public static Iterator<UserId> readPlainText(Path file) {
        List<UserId> users = new ArrayList<>();
        Map<UserId, Long> firstLine = new HashMap<>();
        try (Utf8Lines lines = Utf8Lines.open(file)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                long number = lines.number();
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                UserId user = userOf(file, number, text);
                Long earlier = firstLine.putIfAbsent(user, number);
                if (earlier != null) {
                    throw new InputException(file, number, "user id " + user + " repeats line " + earlier
                            + ": list each user once");
                }
                users.add(user);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read user id list " + file, e);
        }
        return List.copyOf(users).iterator();
    }

    private static UserId userOf(Path file, long number, String text) {
        try {
            return UserId.of(text, file + " line " + number);
        } catch (InvalidUserIdException e) {
            throw new InputException(file, number, e);
        }
    }
}
