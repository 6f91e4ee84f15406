package io.batchlab.job;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Puts the reason a step failed into status.json's last_error, where users look first. */
final class RunFailures {

    private static final Logger LOG = Logger.getLogger(RunFailures.class.getName());

    private RunFailures() {
    }

    static void record(RunContext run, String step, Throwable failure) {
        if (run.leaseLost()) {
            // another node took the run over: status.json is its to write
            LOG.warning(() -> "run " + run.runId() + ", " + step + ": " + failure.getMessage());
            return;
        }
        String reason = step + ": " + failure.getMessage();
        try {
            run.updateStatus(status -> status.withLastError(reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not record the failure of run " + run.runId() + " in status.json", e);
        }
    }
}
