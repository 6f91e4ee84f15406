package io.batchlab.control;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Asking the process that works on a run to stop it, from another process on the same experiments root
 * ({@code batchlab stop}, or the runs API of another node in a cluster): a file under {@code .batchlab/stop-requests/}
 * that the working process looks for between its checks and takes away when it acts on it.
 */
public final class StopRequests {

    private static final String EXECUTION = "stop job execution ";

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

    /** Asks whichever node runs this job execution of the run to stop it (a request for an older one is void). */
    public static void request(ExperimentStore store, RunId run, long execution) throws IOException {
        Files.createDirectories(file(store, run).getParent());
        Files.writeString(file(store, run), EXECUTION + execution);
    }

    public static boolean isRequested(ExperimentStore store, RunId run) {
        return Files.exists(file(store, run));
    }

    /**
     * Whether a request stands to stop this job execution of the run: one without an execution (any), or naming it.
     * A request naming another execution is left over from an earlier one and is taken away.
     */
    public static boolean isRequestedFor(ExperimentStore store, RunId run, long execution) throws IOException {
        String request;
        try {
            request = Files.readString(file(store, run), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException none) {
            return false;
        }
        if (!request.startsWith(EXECUTION) || request.equals(EXECUTION + execution)) {
            return true;
        }
        clear(store, run);
        return false;
    }

    /** Takes a request away: one acted on, or an old one that must not stop a new execution. */
    public static void clear(ExperimentStore store, RunId run) throws IOException {
        Files.deleteIfExists(file(store, run));
    }

    private static Path file(ExperimentStore store, RunId run) {
        return store.workDir().resolve("stop-requests").resolve(run.toString());
    }
}
