package io.batchlab.job;

import io.batchlab.request.BatchLine;
import io.batchlab.request.RequestBuildException;
import io.batchlab.store.UserId;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds one user's batch lines from the user's records. A user whose requests cannot be built (no records, a
 * template error, over the provider's file limits) raises {@link RequestBuildException}, which the job XML declares
 * skippable; {@link SkippedUserListener} records it.
 */
@Named
@Dependent
public class UserRequestProcessor implements ItemProcessor {

    /** The provider's limits for one batch input file (see ../shared/notes/groq-batch-api.md). */
    static final int MAX_LINES = 50_000;
    static final long MAX_BYTES = 100L * 1024 * 1024;

    @Inject
    JobContext jobContext;

    @Override
    public Object processItem(Object item) throws Exception {
        UserId user = (UserId) item;
        RunContext run = RunContexts.of(jobContext);
        List<JsonObject> records = run.records().recordsOf(user);
        List<String> lines = run.requests().build(user, records).stream().map(BatchLine::toJsonLine).toList();
        checkLimits(user, lines);
        return new UserBatch(user, lines);
    }

    private static void checkLimits(UserId user, List<String> lines) throws RequestBuildException {
        if (lines.size() > MAX_LINES) {
            throw new RequestBuildException(user, "user " + user + " needs " + lines.size()
                    + " requests; a batch file allows at most " + MAX_LINES);
        }
        long bytes = 0;
        for (String line : lines) {
            bytes += line.getBytes(StandardCharsets.UTF_8).length + 1L;
        }
        if (bytes > MAX_BYTES) {
            throw new RequestBuildException(user, "user " + user + "'s batch file would be " + bytes
                    + " bytes; the provider allows at most " + MAX_BYTES);
        }
    }
}
