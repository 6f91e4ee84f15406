package io.batchlab.job;

import io.batchlab.store.UserId;
import java.util.List;

/**
 * The processor's output: one user's batch lines, ready to be written and submitted.
 *
 * @param position  the user's 0-based position in users.json
 * @param jsonLines each line as {@link io.batchlab.request.BatchLine#toJsonLine()} renders it, rendered once
 */
public record UserBatch(UserId user, long position, List<String> jsonLines) {
}
