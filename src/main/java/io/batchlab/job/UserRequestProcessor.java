package io.batchlab.job;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.request.BatchLine;
import io.batchlab.request.RequestBuildException;
import io.batchlab.request.UserRequestBuilder;
import io.batchlab.store.UserId;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one user's batch lines from the user's records, as {@link UsersReader} read them. A user whose requests
 * cannot be built (no records, a template error, over the provider's file limits, too much input to read) raises
 * {@link RequestBuildException}, which the job XML declares skippable; {@link SkippedUserListener} records it. In a
 * packed run a user must also fit a pack alone, with the user id before each custom_id.
 */
@Named
@Dependent
public class UserRequestProcessor implements ItemProcessor {

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    @Override
    public Object processItem(Object item) throws Exception {
        RunContext run = RunContexts.of(jobContext);
        UserBatch batch = batchOf(run.config(), run.requests(), (UserInput) item);
        // after a skip nothing is added: a skipped user takes no room in the pack
        PackTally.of(stepContext).add(batch);
        return batch;
    }

    /** One user's batch lines, exactly as the job writes them; the estimate builds them the same way. */
    static UserBatch batchOf(ExperimentConfig config, UserRequestBuilder builder, UserInput input)
            throws RequestBuildException {
        UserId user = input.user();
        if (input.overLimit() != null) {
            throw new RequestBuildException(user, input.overLimit());
        }
        List<BatchLine> requests = builder.build(user, input.records());
        List<String> lines = BatchFileLimits.PROVIDER.lines(user, requests, BatchLine::toJsonLine);
        long packBytes = config.provider().pack().packed() ? BatchFileLimits.PROVIDER.inPack(user, lines) : 0;
        return new UserBatch(user, input.position(), lines, recordKeys(config, requests), packBytes);
    }

    /** Only keys read from a field need keeping: positions and user ids follow from the custom_ids. */
    private static Map<String, String> recordKeys(ExperimentConfig config, List<BatchLine> requests) {
        if (config.input().recordKey() == null) {
            return Map.of();
        }
        Map<String, String> keys = new LinkedHashMap<>();
        requests.forEach(line -> keys.put(line.customId(), line.recordKey()));
        return Collections.unmodifiableMap(keys);
    }
}
