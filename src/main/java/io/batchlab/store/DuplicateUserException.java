package io.batchlab.store;

import java.nio.file.Path;

/** A users list names the same user twice; the message names the first repeated id and both entries. */
public class DuplicateUserException extends IllegalArgumentException {

    private final transient UserId userId;

    public DuplicateUserException(UserId userId, long firstEntry, long repeatEntry, Path file) {
        super("user id " + Deployment.quote(userId.toString()) + " appears twice in the users of " + file + ": entries " + firstEntry
                + " and " + repeatEntry + "; each user may take part in a run only once");
        this.userId = userId;
    }

    public UserId userId() {
        return userId;
    }
}
