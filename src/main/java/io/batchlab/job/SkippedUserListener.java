package io.batchlab.job;

import io.batchlab.results.UserResults;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import jakarta.batch.api.chunk.listener.SkipProcessListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.logging.Logger;

/**
 * Records a user whose requests could not be built: a results.json with status {@code skipped} and the reason in
 * the user's directory, a problem entry in status.json, and the user
 * moves to skipped in the run's counts. Nobody is dropped silently.
 */
@Named
@Dependent
public class SkippedUserListener implements SkipProcessListener {

    private static final Logger LOG = Logger.getLogger(SkippedUserListener.class.getName());

    @Inject
    JobContext jobContext;

    @Override
    public void onSkipProcessItem(Object item, Exception ex) throws Exception {
        UserInput input = (UserInput) item;
        UserId user = input.user();
        RunContext run = RunContexts.of(jobContext);
        String reason = ex.getMessage();
        LOG.warning(() -> "run " + run.runId() + ": skipped user " + user + ": " + reason);
        RunCounts counts = run.counts();
        counts.intend(List.of(new ListedUser(input.position(), user)));
        UserResults.writeSkipped(run.store(), run.runId(), user, run.provenance(), reason);
        counts.advance(input.position(), RunCounts.UserState.SKIPPED);
        run.updateStatus(status -> counts.applyTo(status
                .withProblem(new RunStatus.Problem(user.value(), "prepare", reason))));
    }
}
