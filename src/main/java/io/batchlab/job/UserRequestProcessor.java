package io.batchlab.job;

import io.batchlab.request.BatchLine;
import io.batchlab.request.RequestBuildException;
import io.batchlab.store.UserId;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
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
 * {@link RequestBuildException}, which the job XML declares skippable; {@link SkippedUserListener} records it.
 */
@Named
@Dependent
public class UserRequestProcessor implements ItemProcessor {

    @Inject
    JobContext jobContext;

    @Override
    public Object processItem(Object item) throws Exception {
        UserInput input = (UserInput) item;
        UserId user = input.user();
        if (input.overLimit() != null) {
            throw new RequestBuildException(user, input.overLimit());
        }
        RunContext run = RunContexts.of(jobContext);
        List<BatchLine> requests = run.requests().build(user, input.records());
        return new UserBatch(user, input.position(), BatchFileLimits.PROVIDER.lines(user, requests,
                BatchLine::toJsonLine), recordKeys(run, requests));
    }

    /** Only keys read from a field need keeping: positions and user ids follow from the custom_ids. */
    private static Map<String, String> recordKeys(RunContext run, List<BatchLine> requests) {
        if (run.config().input().recordKey() == null) {
            return Map.of();
        }
        Map<String, String> keys = new LinkedHashMap<>();
        requests.forEach(line -> keys.put(line.customId(), line.recordKey()));
        return Collections.unmodifiableMap(keys);
    }
}
