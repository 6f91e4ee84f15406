package io.batchlab.job;

import io.batchlab.input.RecordLimit;
import io.batchlab.input.RecordLimitException;
import io.batchlab.input.UserRecords;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * Streams the users of one partition's range of {@code runs/RUN_ID/users.json}, each with the user's input records
 * ({@link UserInput}). The records come from one in-order cursor per partition: a run created from the input lists its
 * users sorted, so a partition reads its stretch of the input index once, front to back, instead of searching it for
 * every user (a users file in another order still works, with a search per user). Its checkpoint is the position in
 * users.json, so a restart skips straight to the first user not yet committed. A user's records are read only up to
 * the batch file's limits ({@link BatchFileLimits#records()}): past them the user is passed on to be skipped.
 */
@Named
@Dependent
public class UsersReader extends AbstractItemReader {

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    /** First position (0-based, inclusive) of this partition's range; default 0. */
    @Inject
    @BatchProperty
    String start;

    /** End position (exclusive) of this partition's range; default: the whole file. */
    @Inject
    @BatchProperty
    String end;

    private UsersFile.Cursor cursor;
    private UserRecords.Cursor records;
    private final RecordLimit limit = BatchFileLimits.PROVIDER.records();
    private long position;
    private long endPosition;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        RunContext run = RunContexts.of(jobContext);
        cursor = UsersFile.open(run.store().usersFile(run.runId()));
        position = checkpoint instanceof Long saved ? saved : parse(start, 0);
        endPosition = parse(end, Long.MAX_VALUE);
        cursor.skip(position);
        records = run.records().recordsInOrder();
    }

    @Override
    public Object readItem() throws Exception {
        if (position >= endPosition || !cursor.hasNext()) {
            return null;
        }
        UserId user = cursor.next();
        PackTally.of(stepContext).userRead();
        return read(records, user, position++, limit);
    }

    /** One user's input, as much as {@code limit} lets a batch file hold; the estimate reads users the same way. */
    static UserInput read(UserRecords.Cursor records, UserId user, long position, RecordLimit limit)
            throws java.io.IOException {
        try {
            return new UserInput(user, position, records.recordsOf(user, limit));
        } catch (RecordLimitException e) {
            return UserInput.overLimit(user, position, e.getMessage());
        }
    }

    @Override
    public Serializable checkpointInfo() {
        return position;
    }

    @Override
    public void close() throws Exception {
        try {
            if (records != null) {
                records.close();
            }
        } finally {
            if (cursor != null) {
                cursor.close();
            }
        }
    }

    /** A whole-number batch property, {@code fallback} when empty (JobParameterRules checked it at the start). */
    static long parse(String value, long fallback) {
        return value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
    }
}
