package io.batchlab.bench;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.job.RunCreator;
import io.batchlab.launcher.LocalEmulator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * P4's child JVM (started by {@link PeakHeapBench} with a small {@code -Xmx}): creates a run and runs the job with
 * {@code submit=false}, then prints one line {@value #RESULT_PREFIX} with the heap's peak and live set and the time taken.
 * Arguments: experiments root, config.yaml, partitions.
 */
public final class PeakHeapRun {

    static final String RESULT_PREFIX = "PEAK_HEAP";

    private PeakHeapRun() {
    }

    public static void main(String[] args) throws Exception {
        HeapPeak heap = HeapPeak.watch();
        BenchCommand.useEmulatorKey();
        ExperimentStore store = ExperimentStore.open(Path.of(args[0]));
        try (GroqEmulator emulator = LocalEmulator.start(EmulatorSettings.defaults())) {
            Instant start = Instant.now();
            RunId run = RunCreator.create(store, Path.of(args[1]), null, p -> p.withBaseUrl(emulator.baseUri()));
            BenchJob.Execution execution = BenchJob.run(store, run,
                    Map.of("submit", "false", "chunkSize", PrepareBench.PREPARE_CHUNK_SIZE, "partitions", args[2]));
            Duration total = Duration.between(start, execution.observedEnd());
            Duration prepare = execution.prepareStep();
            System.out.println(RESULT_PREFIX + " peak=" + heap.peakBytes() + " live=" + heap.liveBytes()
                    + " max=" + Runtime.getRuntime().maxMemory() + " prepareMs=" + prepare.toMillis()
                    + " totalMs=" + total.toMillis() + " run=" + run);
        }
        System.exit(0);
    }
}
