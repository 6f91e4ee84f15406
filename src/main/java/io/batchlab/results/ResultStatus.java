package io.batchlab.results;

/** A user's outcome in results.json: how many of the user's requests were answered. */
public enum ResultStatus {
    /** Every request answered with status 200. */
    COMPLETE,
    /** Some requests answered; the others are listed with their error or as missing. */
    PARTIAL,
    /** No request answered (the batch failed, expired early, or every line failed). */
    FAILED,
    /** The user's requests could not be built; nothing was submitted. */
    SKIPPED;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ResultStatus fromJson(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
