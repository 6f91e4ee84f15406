package io.batchlab.job;

import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * The reader's item: one user of the run, its position in users.json and the user's input records (empty if the input
 * has none for it), or, for a user whose input was too big to read, why it was not read ({@code overLimit}, else null).
 */
public record UserInput(UserId user, long position, List<JsonObject> records, String overLimit) {

    public UserInput(UserId user, long position, List<JsonObject> records) {
        this(user, position, records, null);
    }

    /** A user whose reading stopped at a limit; the processor skips it with {@code reason}. */
    static UserInput overLimit(UserId user, long position, String reason) {
        return new UserInput(user, position, List.of(), reason);
    }
}
