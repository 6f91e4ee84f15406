package io.batchlab.input;

import io.batchlab.store.UserId;

/** One user has more records than a {@link RecordLimit} allows: that user is refused, the input is fine. */
public class RecordLimitException extends Exception {

    private final transient UserId user;

    public RecordLimitException(UserId user, String message) {
        super(message);
        this.user = user;
    }

    public UserId user() {
        return user;
    }
}
