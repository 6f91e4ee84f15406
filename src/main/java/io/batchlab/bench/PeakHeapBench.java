package io.batchlab.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** P4: a whole prepare run in a child JVM with a heap limit; it must complete, and its peak heap is reported. */
final class PeakHeapBench {

    private PeakHeapBench() {
    }

    /**
     * @param peakBytes most heap in use (just before a collection, or at the end)
     * @param liveBytes most heap still in use after a collection
     * @param maxBytes  the child's heap limit as its JVM reports it
     */
    record Result(long peakBytes, long liveBytes, long maxBytes, double prepareSeconds, double totalSeconds,
                  String run) {
    }

    static Result run(Path experiments, SyntheticCohort cohort, int partitions, String maxHeap, Path log)
            throws IOException, InterruptedException {
        Map<String, String> fields = ChildBench.run(PeakHeapRun.class, PeakHeapRun.RESULT_PREFIX, maxHeap, log,
                experiments.toString(), cohort.config().toString(), Integer.toString(partitions));
        return new Result(Long.parseLong(fields.get("peak")), Long.parseLong(fields.get("live")),
                Long.parseLong(fields.get("max")), Long.parseLong(fields.get("prepareMs")) / 1000.0,
                Long.parseLong(fields.get("totalMs")) / 1000.0, fields.get("run"));
    }
}
