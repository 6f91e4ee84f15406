package io.batchlab.job;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.request.BatchLine;
import io.batchlab.request.RequestBuildException;
import io.batchlab.request.UserRequestBuilder;
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
        RunContext run = RunContexts.of(jobContext);
        return batchOf(run.config(), run.requests(), (UserInput) item);
    }

    /** One user's batch lines, exactly as the job writes them; the estimate builds them the same way. */
    static UserBatch batchOf(ExperimentConfig config, UserRequestBuilder builder, UserInput input)
            throws RequestBuildException {
        UserId user = input.user();
        if (input.overLimit() != null) {
            throw new RequestBuildException(user, input.overLimit());
        }
        List<BatchLine> requests = builder.build(user, input.records());
        return new UserBatch(user, input.position(), BatchFileLimits.PROVIDER.lines(user, requests,
                BatchLine::toJsonLine), recordKeys(config, requests));
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
