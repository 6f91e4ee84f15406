package io.batchlab.store;

import java.util.regex.Pattern;

/**
 * A user identifier. It comes from input data and becomes a directory name, so only
 * 1–64 characters of {@code [A-Za-z0-9_-]} are accepted: no dots, slashes or control characters.
 */
public record UserId(String value) implements Comparable<UserId> {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public UserId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new InvalidUserIdException(value, null);
        }
    }

    /** Validates {@code raw}, naming {@code source} (e.g. "users.json line 3") in the error. */
    public static UserId of(String raw, String source) {
        try {
            return new UserId(raw);
        } catch (InvalidUserIdException invalid) {
            // checked once, in the constructor: every user of a run passes here (P8)
            throw new InvalidUserIdException(raw, source);
        }
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(UserId other) {
        return value.compareTo(other.value);
    }
}
