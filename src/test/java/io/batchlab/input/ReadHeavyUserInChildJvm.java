package io.batchlab.input;

import io.batchlab.config.InputConfig;
import io.batchlab.store.UserId;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Run by {@link HeavyUserHeapTest} in a JVM with a small heap: looks up one user's records through the in-order cursor
 * (the job's path) under a record limit and prints what happened.
 */
public final class ReadHeavyUserInChildJvm {

    private ReadHeavyUserInChildJvm() {
    }

    /** Arguments: the JSONL input, the work directory holding its index, the user, the most records to read. */
    public static void main(String[] args) throws Exception {
        InputConfig input = new InputConfig(InputConfig.Kind.JSONL, Path.of(args[0]), "user_id",
                InputConfig.Requests.PER_RECORD, OptionalInt.empty(), 0);
        RecordLimit limit = new RecordLimit(Long.parseLong(args[3]), 100L * 1024 * 1024, "the child's limit");
        try (UserRecords records = UserRecords.open(input, Path.of(args[1]));
             UserRecords.Cursor cursor = records.recordsInOrder()) {
            System.out.println("records=" + cursor.recordsOf(new UserId(args[2]), limit).size());
        } catch (RecordLimitException e) {
            System.out.println("refused=" + e.getMessage());
        }
    }
}
