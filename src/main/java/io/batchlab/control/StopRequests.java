package io.batchlab.control;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Asking the process that works on a run to stop it, from another process on the same experiments root
 * ({@code batchlab stop}): a file under {@code .batchlab/stop-requests/} that the working process looks for between
 * its checks and takes away when it acts on it.
 */
public final class StopRequests {

    private StopRequests() {
    }

    /**
     * Asks the process that works on the run (its lease holder) to stop it at its next checkpoint.
     *
     * @throws RunStateException {@code NOT_RUNNING} when no process holds the run's lease
     */
    public static void ask(ExperimentStore store, RunId run) throws IOException {
        if (!RunLease.isHeld(store, run)) {
            throw new RunStateException(RunStateException.Reason.NOT_RUNNING, "run " + run
                    + " is not running in any batchlab process");
        }
        request(store, run);
    }

    public static void request(ExperimentStore store, RunId run) throws IOException {
        Files.createDirectories(file(store, run).getParent());
        Files.writeString(file(store, run), "stop requested");
    }

    public static boolean isRequested(ExperimentStore store, RunId run) {
        return Files.exists(file(store, run));
    }

    /** Takes a request away: one acted on, or an old one that must not stop a new execution. */
    public static void clear(ExperimentStore store, RunId run) throws IOException {
        Files.deleteIfExists(file(store, run));
    }

    private static Path file(ExperimentStore store, RunId run) {
        return store.workDir().resolve("stop-requests").resolve(run.toString());
    }
}
