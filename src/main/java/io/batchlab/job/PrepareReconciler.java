package io.batchlab.job;

import jakarta.batch.api.partition.AbstractPartitionReducer;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Runs once on the main thread when all partitions of prepare-and-submit have ended (however they ended):
 * recounts the run from its files and sets {@code batches_created} / {@code uploads_completed} when every user is
 * prepared / submitted or recorded as skipped. Then tells collect-results, running beside it, that submitting has ended.
 */
@Named
@Dependent
public class PrepareReconciler extends AbstractPartitionReducer {

    @Inject
    JobContext jobContext;

    @Override
    public void afterPartitionedStepCompletion(PartitionStatus status) throws Exception {
        RunContext run = RunContexts.of(jobContext);
        try {
            RunTally tally = RunTally.scan(run.store(), run.runId());
            run.statuses().update(run.runId(), tally::applyTo);
        } finally {
            // After the recount, so that collect-results' own final recount comes later; whatever it threw.
            run.submissions().end(status == PartitionStatus.COMMIT
                    ? Submissions.Ending.COMPLETED : Submissions.Ending.INTERRUPTED);
        }
    }
}
