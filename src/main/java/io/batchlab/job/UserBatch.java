package io.batchlab.job;

import io.batchlab.store.UserId;
import java.util.List;
import java.util.Map;

/**
 * The processor's output: one user's batch lines, ready to be written and submitted.
 *
 * @param position  the user's 0-based position in users.json
 * @param jsonLines  each line as {@link io.batchlab.request.BatchLine#toJsonLine()} renders it, rendered once
 * @param recordKeys custom_id → the record's {@code input.record_key} value, in line order, for upload.json; empty
 *                   without that setting, when every key follows from its custom_id
 *                   ({@link io.batchlab.request.RecordKey#implied})
 * @param packBytes  the bytes the lines take in a pack's input file (newlines and the users' custom_id prefixes
 *                   included); 0 when the run does not pack
 */
public record UserBatch(UserId user, long position, List<String> jsonLines, Map<String, String> recordKeys,
                        long packBytes) {
}
