package io.batchlab.results;

/**
 * Which slice of a long list one answer shows: the dashboard pages a run's users and a user's requests the same way,
 * at most {@link #MAX_LIMIT} rows at a time, so no answer grows with the run.
 *
 * @param offset how many rows come before the first one shown, 0 or more
 * @param limit  how many rows at most, 1 to {@link #MAX_LIMIT}
 */
public record Page(long offset, int limit) {

    /** The most rows one page shows. */
    public static final int MAX_LIMIT = 500;

    public Page {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more (given " + offset + ")");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + " (given " + limit + ")");
        }
    }

    /** Whether the row at {@code index} (0-based, in list order) is on this page. */
    public boolean holds(long index) {
        return index >= offset && index - offset < limit;
    }
}
