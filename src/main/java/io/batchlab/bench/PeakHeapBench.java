package io.batchlab.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx" + maxHeap,
                "-cp", System.getProperty("java.class.path"), PeakHeapRun.class.getName(),
                experiments.toString(), cohort.config().toString(), Integer.toString(partitions)))
                .redirectError(log.toFile());
        Process child = builder.start();
        String resultLine = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(PeakHeapRun.RESULT_PREFIX + " ")) {
                    resultLine = line;
                }
            }
        }
        int exit = child.waitFor();
        if (exit != 0 || resultLine == null) {
            throw new IllegalStateException("the -Xmx" + maxHeap + " prepare run did not complete (exit " + exit
                    + "); its log: " + log);
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : resultLine.substring(PeakHeapRun.RESULT_PREFIX.length() + 1).split(" ")) {
            int eq = pair.indexOf('=');
            fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new Result(Long.parseLong(fields.get("peak")), Long.parseLong(fields.get("live")),
                Long.parseLong(fields.get("max")), Long.parseLong(fields.get("prepareMs")) / 1000.0,
                Long.parseLong(fields.get("totalMs")) / 1000.0, fields.get("run"));
    }
}
