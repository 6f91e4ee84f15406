package io.batchlab.job;

import jakarta.batch.api.partition.AbstractPartitionReducer;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Runs once on the main thread when all partitions of prepare-and-submit have ended (however they ended):
 * shows the run's final counts of the step, with {@code batches_created} / {@code uploads_completed} once every user
 * is prepared / submitted or recorded as skipped. Then tells collect-results, running beside it, that submitting has ended.
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
            RunCounts.publish(run);
        } finally {
            // After publishing, so that collect-results' own final counts come later; whatever it threw.
            run.submissions().end(status == PartitionStatus.COMMIT
                    ? Submissions.Ending.COMPLETED : Submissions.Ending.INTERRUPTED);
        }
    }
}
