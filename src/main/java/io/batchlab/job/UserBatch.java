package io.batchlab.job;

import io.batchlab.store.UserId;
import java.util.List;

/**
 * The processor's output: one user's batch lines, ready to be written and submitted.
 *
 * @param jsonLines each line as {@link io.batchlab.request.BatchLine#toJsonLine()} renders it, rendered once
 */
public record UserBatch(UserId user, List<String> jsonLines) {
}
