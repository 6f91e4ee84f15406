package io.batchlab.job;

import io.batchlab.request.BatchLine;
import io.batchlab.request.RequestBuildException;
import io.batchlab.request.UserRequestBuilder;
import io.batchlab.store.UserId;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

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
        return batchOf(RunContexts.of(jobContext).requests(), (UserInput) item);
    }

    /** One user's batch lines, exactly as the job writes them; the estimate builds them the same way. */
    static UserBatch batchOf(UserRequestBuilder builder, UserInput input) throws RequestBuildException {
        UserId user = input.user();
        if (input.overLimit() != null) {
            throw new RequestBuildException(user, input.overLimit());
        }
        List<BatchLine> requests = builder.build(user, input.records());
        return new UserBatch(user, input.position(), BatchFileLimits.PROVIDER.lines(user, requests,
                BatchLine::toJsonLine));
    }
}
