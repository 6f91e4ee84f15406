package io.batchlab.bench;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

/**
 * P9: {@code batchlab results} over a run whose every user has a results.json, in a child JVM with a small heap
 * limit: it must complete (memory does not grow with the run), against a bare loop in the same child reading the same
 * files whole.
 */
final class SummaryBench {

    private SummaryBench() {
    }

    record Result(RunId run, long users, long requests, long answered, double summarySeconds, double loopSeconds,
                  long peakBytes, long liveBytes, long maxBytes) {
        double usersPerSecond() {
            return users / summarySeconds;
        }

        double loopUsersPerSecond() {
            return users / loopSeconds;
        }
    }

    static Result run(ExperimentStore store, Path scratch, int users, int records, String maxHeap, Path log)
            throws IOException, InterruptedException {
        RunId run = store.allocateRun("BENCH", "SUMMARY", LocalDate.now());
        ExportBench.writeAnsweredRun(store, scratch, run, users, records);
        Map<String, String> fields = ChildBench.run(SummaryHeapRun.class, SummaryHeapRun.RESULT_PREFIX, maxHeap, log,
                store.root().toString(), run.toString());
        return new Result(run, Long.parseLong(fields.get("users")), Long.parseLong(fields.get("requests")),
                Long.parseLong(fields.get("answered")), Long.parseLong(fields.get("summaryMs")) / 1000.0,
                Long.parseLong(fields.get("loopMs")) / 1000.0, Long.parseLong(fields.get("peak")),
                Long.parseLong(fields.get("live")), Long.parseLong(fields.get("max")));
    }
}
