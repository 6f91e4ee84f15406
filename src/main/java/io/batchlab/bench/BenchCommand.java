package io.batchlab.bench;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.launcher.LocalEmulator;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.results.RunExport;
import io.batchlab.store.ExperimentStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code batchlab bench}: generates synthetic cohorts, runs the production job against the in-process emulator and
 * prints every figure next to a baseline measured in the same run. Not part of the test suite.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Benchmark the experiment job against the built-in emulator (see BENCHMARKS.md).")
public final class BenchCommand implements Callable<Integer> {

    enum Part { PREPARE, FULL, HEAP, RECOUNT, EXPORT, SUMMARY, PACING, PACKED, PACKED_HEAP }

    @Option(names = "--only", split = ",", paramLabel = "PART",
            description = "Parts to run: PREPARE (P1), FULL (P2, P3, P6, end to end), HEAP (P4), RECOUNT (P7), EXPORT (P8), SUMMARY (P9), "
                    + "PACING (P10), PACKED (P12, P13), PACKED_HEAP (P14). Default: all.")
    Set<Part> parts = EnumSet.allOf(Part.class);

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to generate data and runs (default: a new temp dir).")
    Path dir;

    @Option(names = "--keep", description = "Keep the generated data and runs.")
    boolean keep;

    @Option(names = "--repetitions", defaultValue = "3", description = "Repetitions of P1 and of the full run (median).")
    int repetitions;

    @Option(names = "--prepare-users", defaultValue = "100000", description = "Users of the P1 cohort.")
    int prepareUsers;

    @Option(names = "--records", defaultValue = "5", description = "Records (requests) per user in P1 and full runs.")
    int records;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of prepare-only runs (P1, P4).")
    int partitions;

    @Option(names = "--job-parameter", paramLabel = "KEY=VALUE",
            description = "Extra job parameter of every run, e.g. chunkSize=50 (default: the job's defaults).")
    Map<String, String> jobParameters = new HashMap<>();

    @Option(names = "--full-users", defaultValue = "10000", description = "Users of a full run.")
    int fullUsers;

    @Option(names = "--rate", defaultValue = "200", description = "Emulator rate limit R (requests/s), also the job's pacing.")
    double rate;

    @Option(names = "--concurrency", defaultValue = "8", description = "Partitions and concurrent calls of a full run.")
    int concurrency;

    @Option(names = "--latency-ms", defaultValue = "20", description = "Emulator latency per call in a full run.")
    int latencyMs;

    @Option(names = "--poll-interval-ms", defaultValue = "1000", description = "Poll interval of a full run.")
    int pollIntervalMs;

    @Option(names = "--heap-users", defaultValue = "1000000", description = "Users of the P4 run.")
    int heapUsers;

    @Option(names = "--heap-records", defaultValue = "1", description = "Records per user in the P4 run.")
    int heapRecords;

    @Option(names = "--heap-max", defaultValue = "256m", description = "-Xmx of the P4 child JVM.")
    String heapMax;

    @Option(names = "--recount-users", defaultValue = "1000000", description = "Users of the P7 run.")
    int recountUsers;

    @Option(names = "--recount-worked", defaultValue = "50000",
            description = "Users of the P7 run with files (batch.jsonl, upload.json, results.json).")
    int recountWorked;

    @Option(names = "--export-users", defaultValue = "20000",
            description = "Users of the P8 run, each with --records answered requests.")
    int exportUsers;

    @Option(names = "--summary-users", defaultValue = "100000",
            description = "Users of the P9 run, each with --records answered requests.")
    int summaryUsers;

    @Option(names = "--summary-max", defaultValue = "64m", description = "-Xmx of the P9 child JVM.")
    String summaryMax;

    @Option(names = "--pacing-limit", defaultValue = "25",
            description = "Emulator rate limit L of P10 (requests/s); the client is configured at 1.6 L.")
    double pacingLimit;

    @Option(names = "--pacing-seconds", defaultValue = "25", description = "Length of each P10 run (fixed, adaptive "
            + "with headers, adaptive on 429s alone).")
    int pacingSeconds;

    @Option(names = "--pacing-learning-seconds", defaultValue = "5",
            description = "First seconds of each P10 run left out of its main figures (printed apart).")
    int pacingLearningSeconds;

    @Option(names = "--pack", defaultValue = "{requests: 1000}",
            description = "provider.pack of the packed runs (P12, P13, P14): Groq suggests about 1000 requests a batch.")
    String pack;

    @Option(names = "--packed-users", defaultValue = "100000", description = "Users of the P12 packed run.")
    int packedUsers;

    @Option(names = "--packed-records", defaultValue = "1", description = "Records (requests) per user in P12.")
    int packedRecords;

    @Option(names = "--compare-users", defaultValue = "10000",
            description = "Users of P13 (packed vs one batch per user, --records each).")
    int compareUsers;

    private final PrintStream out = System.out;

    /** The emulator accepts any bearer token; this one is no secret, and it keeps a real key away from it. */
    static void useEmulatorKey() {
        System.setProperty(ProviderSettings.API_KEY, "emulator");
    }

    @Override
    public Integer call() throws Exception {
        useEmulatorKey();
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("batchlab-bench");
        ExperimentStore store = ExperimentStore.open(root.resolve("experiments"));
        out.println("batchlab bench — " + Instant.now());
        out.println("machine: " + Machine.current().describe());
        out.println("data and runs under " + root);
        BenchTable table = new BenchTable();
        try {
            if (parts.contains(Part.PREPARE)) {
                prepare(store, root, table);
            }
            if (parts.contains(Part.FULL)) {
                full(store, root, table);
            }
            if (parts.contains(Part.HEAP)) {
                heap(root, table);
            }
            if (parts.contains(Part.RECOUNT)) {
                recount(store, table);
            }
            if (parts.contains(Part.EXPORT)) {
                export(store, root, table);
            }
            if (parts.contains(Part.SUMMARY)) {
                summary(store, root, table);
            }
            if (parts.contains(Part.PACING)) {
                pacing(table);
            }
            if (parts.contains(Part.PACKED)) {
                packed(store, root, table);
            }
            if (parts.contains(Part.PACKED_HEAP)) {
                packedHeap(root, table);
            }
        } finally {
            out.println();
            out.println("load average at the end: " + String.format("%.1f", Machine.current().loadAverage()));
            out.println();
            table.print(out);
            if (!keep) {
                TreeRemoval.remove(root);
            }
        }
        return table.allGoalsMet() ? 0 : 3;
    }

    private void prepare(ExperimentStore store, Path root, BenchTable table) throws Exception {
        SyntheticCohort cohort = SyntheticCohort.write(root.resolve("prepare-cohort"), prepareUsers, records,
                new SyntheticCohort.ProviderPacing(partitions, rate, "1s"));
        List<PrepareBench.Result> results = new ArrayList<>();
        try (GroqEmulator emulator = LocalEmulator.start(EmulatorSettings.defaults())) {
            for (int i = 1; i <= repetitions; i++) {
                PrepareBench.Result result = PrepareBench.once(store, emulator, cohort, partitions,
                        jobParameters, root.resolve("bare-loop"));
                out.printf("P1 #%d %s: job %.0f users/s, bare loop %.0f users/s, ratio %.2f%n", i, result.run(),
                        result.jobUsersPerSecond(), result.loopUsersPerSecond(), result.ratio());
                results.add(result);
            }
        }
        double ratio = median(results, PrepareBench.Result::ratio);
        table.add("P1", "prepare throughput, " + prepareUsers + " users × " + records + " records, " + partitions
                        + " partitions (users/s)", fmt(median(results, PrepareBench.Result::jobUsersPerSecond)),
                "bare loop " + fmt(median(results, PrepareBench.Result::loopUsersPerSecond)) + " → ratio "
                        + String.format("%.2f", ratio), "ratio ≥ 0.7", BenchTable.Verdict.of(ratio >= 0.7));
    }

    private void full(ExperimentStore store, Path root, BenchTable table) throws Exception {
        SyntheticCohort cohort = SyntheticCohort.write(root.resolve("full-cohort"), fullUsers, records,
                new SyntheticCohort.ProviderPacing(concurrency, rate, pollIntervalMs + "ms"));
        EmulatorSettings settings = fullRunEmulator();
        Duration poll = Duration.ofMillis(pollIntervalMs);
        List<FullRunBench.Result> results = new ArrayList<>();
        for (int i = 1; i <= repetitions; i++) {
            try (GroqEmulator emulator = LocalEmulator.start(settings.withSeed(42L + i))) {
                FullRunBench.Result r = FullRunBench.once(store, emulator, cohort, concurrency, poll);
                out.printf("full #%d %s: %.1f s, %.3f calls/user %s, deletes %d; while submitting (%.1f s): "
                                + "%.1f calls/s served, uploads + creates %.1f/s, 429s %.2f %%; "
                                + "completion→results.json median %.2f s, p99 %.2f s, max %.2f s%n", i, r.run(),
                        r.wall().toMillis() / 1000.0, r.callsPerUser(), new TreeMap<>(r.perEndpoint()), r.deletes(),
                        r.submitStep().toMillis() / 1000.0, r.acceptedRate(), r.submissionRate(),
                        100 * r.rejectedShare(), Medians.median(r.delays()), Medians.quantile(r.delays(), 0.99),
                        Medians.quantile(r.delays(), 1));
                results.add(r);
            }
        }
        double calls = median(results, FullRunBench.Result::callsPerUser);
        table.add("P2", "provider calls per user, full run of " + fullUsers + " users (deletes apart: "
                        + fmt(median(results, r -> r.deletes())) + ")", String.format("%.3f", calls),
                "lower bound 3 (upload, create, download)", "≤ 3.1", BenchTable.Verdict.of(calls <= 3.1));
        double achieved = median(results, FullRunBench.Result::acceptedRate);
        double rejected = median(results, FullRunBench.Result::rejectedShare);
        boolean submissionMet = achieved / rate >= 0.9 && rejected < 0.01;
        table.add("P3", "provider throughput under an emulator limit R while submitting (calls served per s: "
                        + "uploads, creates, polls, downloads; 429s)",
                fmt(achieved) + "/s = " + String.format("%.2f", achieved / rate) + " R (uploads + creates "
                        + fmt(median(results, FullRunBench.Result::submissionRate)) + "/s); 429s "
                        + String.format("%.2f %%", 100 * rejected), "R = " + fmt(rate) + "/s",
                "≥ 0.9 R, < 1 % 429s", BenchTable.Verdict.of(submissionMet));
        double goal = poll.toMillis() / 1000.0 + 1;
        double worst = median(results, r -> Medians.quantile(r.delays(), 1));
        table.add("P6", "batch completed → results.json written, every batch (max; p99; median)",
                String.format("%.2f s; %.2f s; %.2f s", worst,
                        median(results, r -> Medians.quantile(r.delays(), 0.99)),
                        median(results, r -> Medians.median(r.delays()))),
                "poll interval " + poll.toMillis() / 1000.0 + " s", "≤ " + goal + " s",
                BenchTable.Verdict.of(worst <= goal));
        double wall = median(results, r -> r.wall().toMillis() / 1000.0);
        double bound = 3.0 * fullUsers / Math.min(rate, concurrency * 1000.0 / Math.max(1, latencyMs));
        table.add("E2E", "wall time, " + fullUsers + " users × " + records + ", " + latencyMs
                        + " ms per call, batches finish after 2–10 s", String.format("%.1f s", wall),
                String.format("%.1f s = 3 calls/user at min(R, concurrency/latency)", bound),
                "reported", BenchTable.Verdict.REPORTED);
    }

    /** The full run's emulator: latency per call, a rate limit, batches that finish after 2 to 10 s. */
    private EmulatorSettings fullRunEmulator() {
        return EmulatorSettings.defaults()
                .withDurations(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(500))
                .withInProgressSpread(Duration.ofSeconds(8))
                .withFaults(FaultSettings.none().withLatency(Duration.ofMillis(latencyMs)).withRateLimitPerSecond(rate));
    }

    /** P12: calls per user of a big packed run; P13: packed vs one batch per user, same users and emulator. */
    private void packed(ExperimentStore store, Path root, BenchTable table) throws Exception {
        Duration poll = Duration.ofMillis(pollIntervalMs);
        SyntheticCohort big = SyntheticCohort.write(root.resolve("packed-cohort"), packedUsers, packedRecords,
                new SyntheticCohort.ProviderPacing(concurrency, rate, pollIntervalMs + "ms")).packed(pack);
        FullRunBench.Result bigRun;
        try (GroqEmulator emulator = LocalEmulator.start(fullRunEmulator().withSeed(42L))) {
            bigRun = FullRunBench.once(store, emulator, big, concurrency, poll);
        }
        out.printf("P12 %s: %d users × %d, pack %s: %.1f s, %d calls = %.4f calls/user %s%n", bigRun.run(),
                packedUsers, packedRecords, pack, bigRun.wall().toMillis() / 1000.0, bigRun.totalCalls(),
                bigRun.callsPerUser(), new TreeMap<>(bigRun.perEndpoint()));
        table.add("P12", "provider calls per user, packed run of " + packedUsers + " users × " + packedRecords
                        + ", pack " + pack, String.format("%.4f", bigRun.callsPerUser()),
                "one batch per user: ≥ 3 (P2)", "≤ 0.01", BenchTable.Verdict.of(bigRun.callsPerUser() <= 0.01));

        SyntheticCohort perUser = SyntheticCohort.write(root.resolve("compare-cohort"), compareUsers, records,
                new SyntheticCohort.ProviderPacing(concurrency, rate, pollIntervalMs + "ms"));
        SyntheticCohort packed = perUser.packed(pack);
        List<Double> packedWalls = new ArrayList<>();
        List<Double> perUserWalls = new ArrayList<>();
        for (int i = 1; i <= repetitions; i++) {
            for (SyntheticCohort cohort : List.of(packed, perUser)) {
                try (GroqEmulator emulator = LocalEmulator.start(fullRunEmulator().withSeed(42L + i))) {
                    FullRunBench.Result r = FullRunBench.once(store, emulator, cohort, concurrency, poll);
                    boolean isPacked = cohort == packed;
                    (isPacked ? packedWalls : perUserWalls).add(r.wall().toMillis() / 1000.0);
                    out.printf("P13 #%d %s %s: %.1f s end to end, %.3f calls/user%n", i, r.run(),
                            isPacked ? "packed " + pack : "one batch per user", r.wall().toMillis() / 1000.0,
                            r.callsPerUser());
                }
            }
        }
        double packedWall = Medians.median(packedWalls);
        double perUserWall = Medians.median(perUserWalls);
        double speedup = perUserWall / packedWall;
        table.add("P13", "end to end, " + compareUsers + " users × " + records + ", " + latencyMs + " ms per call, "
                        + "limit " + fmt(rate) + "/s, batches finish after 2–10 s: packed " + pack,
                String.format("%.1f s (%.1f× faster)", packedWall, speedup),
                String.format("one batch per user %.1f s", perUserWall), "≥ 5× faster",
                BenchTable.Verdict.of(speedup >= 5));
    }

    /** P14: P4's 1,000,000-user prepare run, packed. */
    private void packedHeap(Path root, BenchTable table) throws Exception {
        SyntheticCohort cohort = SyntheticCohort.write(root.resolve("packed-heap-cohort"), heapUsers, heapRecords,
                new SyntheticCohort.ProviderPacing(partitions, rate, "1s")).packed(pack);
        PeakHeapBench.Result r = PeakHeapBench.run(root.resolve("packed-heap-experiments"), cohort, partitions,
                heapMax, root.resolve("packed-heap-run.log"));
        out.printf("P14 %s: completed, peak heap %d MB, live after GC %d MB, max %d MB, prepare %.1f s "
                        + "(%.0f users/s), whole job %.1f s%n", r.run(), mb(r.peakBytes()), mb(r.liveBytes()),
                mb(r.maxBytes()), r.prepareSeconds(), heapUsers / r.prepareSeconds(), r.totalSeconds());
        table.add("P14", "peak heap of a packed (" + pack + ") " + heapUsers + "-user × " + heapRecords
                        + " prepare run, -Xmx" + heapMax,
                "completed; peak " + mb(r.peakBytes()) + " MB, live " + mb(r.liveBytes()) + " MB",
                "heap limit " + mb(r.maxBytes()) + " MB", "completes", BenchTable.Verdict.MET);
    }

    private void heap(Path root, BenchTable table) throws Exception {
        SyntheticCohort cohort = SyntheticCohort.write(root.resolve("heap-cohort"), heapUsers, heapRecords,
                new SyntheticCohort.ProviderPacing(partitions, rate, "1s"));
        Path experiments = root.resolve("heap-experiments");
        Path log = root.resolve("heap-run.log");
        PeakHeapBench.Result r = PeakHeapBench.run(experiments, cohort, partitions, heapMax, log);
        out.printf("P4 %s: completed, peak heap %d MB, live after GC %d MB, max %d MB, prepare %.1f s "
                        + "(%.0f users/s), whole job %.1f s%n", r.run(), mb(r.peakBytes()), mb(r.liveBytes()),
                mb(r.maxBytes()), r.prepareSeconds(), heapUsers / r.prepareSeconds(), r.totalSeconds());
        table.add("P4", "peak heap of a " + heapUsers + "-user × " + heapRecords + " prepare run, -Xmx" + heapMax,
                "completed; peak " + mb(r.peakBytes()) + " MB, live " + mb(r.liveBytes()) + " MB",
                "heap limit " + mb(r.maxBytes()) + " MB", "completes", BenchTable.Verdict.MET);
    }

    private void recount(ExperimentStore store, BenchTable table) throws IOException {
        RecountBench.Result r = RecountBench.once(store, recountUsers, recountWorked, repetitions, out);
        out.printf("P7 %s: %s; first recount (no ledger yet) %.0f ms; ledger %d bytes%n", r.run(), r.counts(),
                r.firstMillis(), r.ledgerBytes());
        table.add("P7", "recount at job start, " + recountUsers + " users of which " + recountWorked
                        + " have files (ledger " + r.ledgerBytes() / 1024 + " KiB)",
                String.format("%.0f ms from the ledger", r.ledgerMillis()),
                String.format("%.0f ms from every user's files", r.filesMillis()), "≤ 1000 ms",
                BenchTable.Verdict.of(r.ledgerMillis() <= 1000));
    }

    private void export(ExperimentStore store, Path root, BenchTable table) throws IOException {
        Path scratch = Files.createDirectories(root.resolve("export"));
        ExportBench.Result r = ExportBench.once(store, scratch, exportUsers, records, repetitions, out);
        out.printf("P8 %s: %d rows, %d MB of CSV%n", r.run(), r.rows(), mb(r.bytes()));
        table.add("P8", "export to CSV, " + exportUsers + " users × " + records + " requests (rows/s), reading ahead on "
                        + RunExport.defaultReaders() + " threads",
                fmt(r.export().perSecond()), "bare loop " + fmt(r.loop().perSecond()) + " → ratio "
                        + String.format("%.2f (per CPU second: %.2f)", r.ratio(), r.cpuRatio()), "ratio ≥ 0.7",
                BenchTable.Verdict.of(r.ratio() >= 0.7));
        table.add("P8", "the same export on one thread (rows/s; per CPU second)", fmt(r.oneThread().perSecond())
                        + "; " + fmt(r.oneThread().perCpuSecond()), "bare loop " + fmt(r.loop().perSecond()) + "; "
                        + fmt(r.loop().perCpuSecond()) + " → ratio " + String.format("%.2f; %.2f",
                        r.oneThread().perSecond() / r.loop().perSecond(),
                        r.oneThread().perCpuSecond() / r.loop().perCpuSecond()), "reported",
                BenchTable.Verdict.REPORTED);
        out.printf("P8 %s: %d KB of Parquet (%.1f %% of the CSV)%n", r.run(), r.parquetBytes() / 1024,
                100.0 * r.parquetBytes() / r.bytes());
        table.add("P8", "export to Parquet, same run (rows/s; per CPU second)", fmt(r.parquet().perSecond()) + "; "
                        + fmt(r.parquet().perCpuSecond()) + "; " + r.parquetBytes() / 1024 + " KB",
                "CSV " + fmt(r.export().perSecond()) + "; " + fmt(r.export().perCpuSecond()) + "; "
                        + r.bytes() / 1024 + " KB", "reported", BenchTable.Verdict.REPORTED);
    }

    private void summary(ExperimentStore store, Path root, BenchTable table) throws Exception {
        Path scratch = Files.createDirectories(root.resolve("summary"));
        SummaryBench.Result r = SummaryBench.run(store, scratch, summaryUsers, records, summaryMax,
                root.resolve("summary-run.log"));
        out.printf("P9 %s: %d users, %d requests (%d answered) summarised in %.1f s (%.0f users/s); bare loop %.1f s; "
                        + "peak heap %d MB, live after GC %d MB, max %d MB%n", r.run(), r.users(), r.requests(),
                r.answered(), r.summarySeconds(), r.usersPerSecond(), r.loopSeconds(), mb(r.peakBytes()),
                mb(r.liveBytes()), mb(r.maxBytes()));
        table.add("P9", "batchlab results over " + summaryUsers + " users × " + records + " requests, -Xmx"
                        + summaryMax + " (users/s)",
                fmt(r.usersPerSecond()) + "; peak " + mb(r.peakBytes()) + " MB, live " + mb(r.liveBytes()) + " MB",
                "bare loop reading the same files " + fmt(r.loopUsersPerSecond()),
                "completes at -Xmx" + summaryMax, BenchTable.Verdict.of(r.answered() == (long) summaryUsers * records));
    }

    private void pacing(BenchTable table) throws Exception {
        double configured = 1.6 * pacingLimit;
        Duration learning = Duration.ofSeconds(pacingLearningSeconds);
        List<PacingBench.Result> results = new ArrayList<>();
        for (PacingBench.Mode mode : PacingBench.Mode.values()) {
            PacingBench.Result r = PacingBench.once(mode, pacingLimit, configured, concurrency, latencyMs, learning,
                    Duration.ofSeconds(pacingSeconds));
            out.printf("P10 %s: after the first %d s: %d calls in %.1f s, %d answered 429 (%.2f %%), served %.2f L; "
                            + "whole run: %d calls in %.1f s, %d answered 429 (%.2f %%), served %.2f L; %d given up "
                            + "after retries; pacing at the end %.2f/s%n", mode.text, pacingLearningSeconds,
                    r.learnt().calls(), r.learnt().seconds(), r.learnt().refused(), 100 * r.learnt().refusedShare(),
                    r.learnt().usedShare(), r.whole().calls(), r.whole().seconds(), r.whole().refused(),
                    100 * r.whole().refusedShare(), r.whole().usedShare(), r.givenUp(), r.finalRate());
            results.add(r);
        }
        PacingBench.Window baseline = results.get(0).learnt();
        for (PacingBench.Result r : results.subList(1, results.size())) {
            boolean met = r.learnt().refusedShare() < 0.01 && r.learnt().usedShare() >= 0.9;
            table.add("P10", "client configured at 1.6 L, emulator limit L = " + fmt(pacingLimit) + "/s, "
                            + concurrency + " callers, " + latencyMs + " ms per call; " + r.mode().text
                            + ": 429 share; served ÷ L (after the first " + pacingLearningSeconds + " s of "
                            + pacingSeconds + "; whole run)",
                    String.format("%.2f %%; %.2f L (whole run %.2f %%; %.2f L)", 100 * r.learnt().refusedShare(),
                            r.learnt().usedShare(), 100 * r.whole().refusedShare(), r.whole().usedShare()),
                    String.format("%s: %.2f %%; %.2f L", PacingBench.Mode.FIXED.text, 100 * baseline.refusedShare(),
                            baseline.usedShare()),
                    "< 1 % 429s, ≥ 0.9 L", BenchTable.Verdict.of(met));
        }
    }

    private static <T> double median(List<T> results, ToDoubleFunction<T> figure) {
        return Medians.median(results.stream().map(figure::applyAsDouble).toList());
    }

    private static String fmt(double value) {
        return String.format("%.0f", value);
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    /** Keeps the bench's data and runs from outliving it unless asked to. */
    private static final class TreeRemoval {
        static void remove(Path root) throws IOException {
            try (var paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
