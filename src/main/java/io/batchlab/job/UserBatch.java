package io.batchlab.job;

import io.batchlab.request.BatchLine;
import io.batchlab.store.UserId;
import java.util.List;

/** The processor's output: one user's batch lines, ready to be written and submitted. */
public record UserBatch(UserId user, List<BatchLine> lines) {
}
