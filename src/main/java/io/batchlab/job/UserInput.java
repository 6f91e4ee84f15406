package io.batchlab.job;

import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * The reader's item: one user of the run, its position in users.json and the user's input records (empty if the input has none for it).
 */
public record UserInput(UserId user, long position, List<JsonObject> records) {
}
