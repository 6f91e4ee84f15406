package io.batchlab.bench;

import io.batchlab.results.RunSummaries;
import io.batchlab.results.RunSummary;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * P9's child JVM (started by {@link SummaryBench} with a small {@code -Xmx}): summarises a run as
 * {@code batchlab results} does, then reads the same results.json files whole in a bare loop, and prints one line
 * {@value #RESULT_PREFIX} with both times and the heap's peak and live set. Arguments: experiments root, run id.
 */
public final class SummaryHeapRun {

    static final String RESULT_PREFIX = "SUMMARY_HEAP";

    private SummaryHeapRun() {
    }

    public static void main(String[] args) throws Exception {
        HeapPeak heap = HeapPeak.watch();
        ExperimentStore store = ExperimentStore.open(Path.of(args[0]));
        RunId run = RunId.parse(args[1]);
        readEveryResultsFile(store, run); // untimed: warm caches for both
        long start = System.nanoTime();
        RunSummary summary = RunSummaries.of(store, run);
        long summaryNanos = System.nanoTime() - start;
        start = System.nanoTime();
        long bytes = readEveryResultsFile(store, run);
        long loopNanos = System.nanoTime() - start;
        System.out.println(RESULT_PREFIX + " users=" + summary.users() + " requests=" + summary.requests()
                + " answered=" + summary.byStatus().answered() + " bytes=" + bytes
                + " summaryMs=" + summaryNanos / 1_000_000 + " loopMs=" + loopNanos / 1_000_000
                + " peak=" + heap.peakBytes() + " live=" + heap.liveBytes() + " max=" + Runtime.getRuntime().maxMemory());
        System.exit(0);
    }

    private static long readEveryResultsFile(ExperimentStore store, RunId run) throws IOException {
        long bytes = 0;
        try (UsersFile.Cursor users = UsersFile.open(store.usersFile(run))) {
            while (users.hasNext()) {
                bytes += Files.readAllBytes(store.resultsFile(users.next(), run)).length;
            }
        }
        return bytes;
    }
}
