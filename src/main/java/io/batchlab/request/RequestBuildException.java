package io.batchlab.request;

import io.batchlab.store.UserId;

/** A user's requests cannot be built: no records, or a template that does not fit the user's data. */
public class RequestBuildException extends Exception {

    private final transient UserId user;

    public RequestBuildException(UserId user, String message) {
        super(message);
        this.user = user;
    }

    public RequestBuildException(UserId user, String message, Throwable cause) {
        super(message, cause);
        this.user = user;
    }

    public UserId user() {
        return user;
    }
}
