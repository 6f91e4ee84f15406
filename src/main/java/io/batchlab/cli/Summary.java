package io.batchlab.cli;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import jakarta.batch.runtime.BatchStatus;
import java.io.IOException;
import java.io.PrintStream;

/**
 * The closing words of a run command and its exit code: 0 when every user has complete results, 2 when the job
 * completed but some users have failed or missing requests or were skipped, 1 when the job failed or stopped.
 */
final class Summary {

    static final int INCOMPLETE_RESULTS = 2;
    private static final int PROBLEMS_SHOWN = 10;

    private Summary() {
    }

    static int print(ExperimentStore store, RunId run, BatchStatus job, PrintStream out) throws IOException {
        RunStatus status = RunStatusStore.read(store, run);
        RunStatus.Counts c = status.counts();
        out.println(Progress.describe(run, status));
        out.println("steps: config_created=" + status.step(RunStatus.Step.CONFIG_CREATED)
                + " batches_created=" + status.step(RunStatus.Step.BATCHES_CREATED)
                + " uploads_completed=" + status.step(RunStatus.Step.UPLOADS_COMPLETED)
                + " results_received=" + status.step(RunStatus.Step.RESULTS_RECEIVED));
        out.println("run view:  " + store.runDir(run));
        out.println("user view: " + store.root().resolve("users") + "/USER_ID/" + run);
        if (job != BatchStatus.COMPLETED) {
            String reason = status.lastError() == null ? "job " + job : status.lastError();
            throw new CliException("run " + run + " ended " + job + ": " + reason
                    + "\nfix the cause, then continue it with: batchlab restart " + run);
        }
        if (c.failed() + c.skipped() > 0) {
            out.println("warning: " + c.failed() + " users have failed or missing requests and " + c.skipped()
                    + " were skipped; see their results.json and 'problems' in status.json");
            status.problems().stream().limit(PROBLEMS_SHOWN).forEach(problem -> out.println("  user "
                    + problem.userId() + " (" + problem.step() + "): " + problem.reason()));
            if (status.problems().size() > PROBLEMS_SHOWN) {
                out.println("  ... and " + (status.problems().size() - PROBLEMS_SHOWN) + " more in status.json");
            }
            out.println("to ask again only what is missing: batchlab retry " + run);
            return INCOMPLETE_RESULTS;
        }
        return 0;
    }
}
