package io.batchlab.bench;

import io.batchlab.results.ExportFormat;
import io.batchlab.results.Provenance;
import io.batchlab.results.RunExport;
import io.batchlab.results.UserResults;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * P8: {@code batchlab export} to CSV (issue 14) over a run whose every user has a results.json, against a bare loop
 * in the same JVM that reads the same results.json files whole and writes the same CSV bytes (the export's own
 * output, read back beforehand, untimed) in one slice per user. Both write through a 64 KiB buffer to a file on the
 * same disk, without fsync; the caches are warm for both (an untimed round of each comes first). Then the same
 * export to Parquet, reported beside it (its rate and file size; no goal).
 */
final class ExportBench {

    private ExportBench() {
    }

    /**
     * Medians of the repetitions; the CPU-time rates count the thread's own CPU time (user and system), which other
     * processes on a shared machine disturb far less than the wall-clock rates.
     */
    record Result(RunId run, long rows, long bytes, double exportRowsPerSecond, double loopRowsPerSecond,
                  double exportRowsPerCpuSecond, double loopRowsPerCpuSecond, long parquetBytes,
                  double parquetRowsPerSecond, double parquetRowsPerCpuSecond) {
        double ratio() {
            return exportRowsPerSecond / loopRowsPerSecond;
        }

        double cpuRatio() {
            return exportRowsPerCpuSecond / loopRowsPerCpuSecond;
        }
    }

    static Result once(ExperimentStore store, Path scratch, int users, int records, int repetitions, PrintStream out)
            throws IOException {
        RunId run = store.allocateRun("BENCH", "EXPORT", LocalDate.now());
        List<UserId> ids = writeAnsweredRun(store, scratch, run, users, records);
        Path exported = scratch.resolve("export.csv");
        Path looped = scratch.resolve("loop.csv");
        long rows = export(store, run, exported);
        byte[] csv = Files.readAllBytes(exported);
        bareLoop(store, run, ids, csv, looped);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Double> exportRates = new ArrayList<>();
        List<Double> loopRates = new ArrayList<>();
        List<Double> exportCpuRates = new ArrayList<>();
        List<Double> loopCpuRates = new ArrayList<>();
        for (int i = 1; i <= repetitions; i++) {
            long start = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            export(store, run, exported);
            double exportCpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double exportSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            cpu = threads.getCurrentThreadCpuTime();
            bareLoop(store, run, ids, csv, looped);
            double loopCpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double loopSeconds = (System.nanoTime() - start) / 1e9;
            exportRates.add(rows / exportSeconds);
            loopRates.add(rows / loopSeconds);
            exportCpuRates.add(rows / exportCpuSeconds);
            loopCpuRates.add(rows / loopCpuSeconds);
            out.printf("P8 #%d %s: export %.0f rows/s, bare loop %.0f rows/s, ratio %.2f; per CPU second: export "
                            + "%.0f, bare loop %.0f, ratio %.2f%n", i, run, rows / exportSeconds, rows / loopSeconds,
                    loopSeconds / exportSeconds, rows / exportCpuSeconds, rows / loopCpuSeconds,
                    loopCpuSeconds / exportCpuSeconds);
        }
        Path parquet = scratch.resolve("export.parquet");
        export(store, run, ExportFormat.PARQUET, parquet);
        List<Double> parquetRates = new ArrayList<>();
        List<Double> parquetCpuRates = new ArrayList<>();
        for (int i = 1; i <= repetitions; i++) {
            long start = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            export(store, run, ExportFormat.PARQUET, parquet);
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double seconds = (System.nanoTime() - start) / 1e9;
            parquetRates.add(rows / seconds);
            parquetCpuRates.add(rows / cpuSeconds);
            out.printf("P8 #%d %s: export to parquet %.0f rows/s; per CPU second %.0f%n", i, run, rows / seconds,
                    rows / cpuSeconds);
        }
        return new Result(run, rows, csv.length, Medians.median(exportRates), Medians.median(loopRates),
                Medians.median(exportCpuRates), Medians.median(loopCpuRates), Files.size(parquet),
                Medians.median(parquetRates), Medians.median(parquetCpuRates));
    }

    private static long export(ExperimentStore store, RunId run, Path target) throws IOException {
        return export(store, run, ExportFormat.CSV, target);
    }

    private static long export(ExperimentStore store, RunId run, ExportFormat format, Path target)
            throws IOException {
        try (OutputStream stream = Files.newOutputStream(target)) {
            return RunExport.write(store, run, format.open(stream));
        }
    }

    private static void bareLoop(ExperimentStore store, RunId run, List<UserId> users, byte[] csv, Path target)
            throws IOException {
        int slice = (csv.length + users.size() - 1) / users.size();
        long read = 0;
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            for (int i = 0; i < users.size(); i++) {
                read += Files.readAllBytes(store.resultsFile(users.get(i), run)).length;
                int from = Math.min(csv.length, i * slice);
                stream.write(csv, from, Math.min(csv.length, from + slice) - from);
            }
        }
        if (read == 0) {
            throw new IllegalStateException("the bare loop read nothing");
        }
    }

    /**
     * users.json and, per user, batch.jsonl and a results.json written by {@link UserResults#write} from one
     * output file: every answer has a comma, a quote or a line break, so the CSV quotes them.
     */
    static List<UserId> writeAnsweredRun(ExperimentStore store, Path scratch, RunId run, int users, int records)
            throws IOException {
        List<UserId> ids = IntStream.range(0, users).mapToObj(i -> UserId.of(Integer.toString(40_000_000 + i),
                "bench")).toList();
        Iterator<UserId> iterator = ids.iterator();
        UsersFile.write(store.usersFile(run), iterator);
        Files.writeString(store.configFile(run), """
                experiment: {type: CT, description: export bench}
                model: {code: EXPORT, id: openai/gpt-oss-20b}
                prompt: {user: "{{text}}", allowed_answers: [favor, against, neutral]}
                input: {jsonl: posts.jsonl}
                """);
        StringBuilder batch = new StringBuilder();
        StringBuilder output = new StringBuilder();
        String[] answers = {"favor", "Against, mostly", "\"neutral\"", "favor.\nReally."};
        for (int r = 1; r <= records; r++) {
            String customId = String.format("r%05d", r);
            batch.append("{\"custom_id\":\"").append(customId).append("\"}\n");
            JsonObject line = Json.createObjectBuilder().add("custom_id", customId).add("response",
                    Json.createObjectBuilder().add("status_code", 200).add("request_id", "req_" + r)
                            .add("body", Json.createObjectBuilder()
                                    .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                            .add("message", Json.createObjectBuilder().add("content",
                                                    "<think>Weighing it, \"carefully\".</think>"
                                                            + answers[r % answers.length]))
                                            .add("finish_reason", "stop")))
                                    .add("usage", Json.createObjectBuilder().add("prompt_tokens", 120 + r)
                                            .add("completion_tokens", 40 + r)))).build();
            output.append(line).append('\n');
        }
        Path outputFile = scratch.resolve("export-bench-output.jsonl");
        Files.writeString(outputFile, output);
        JsonObject finalBatch = Json.createObjectBuilder().add("id", "batch_bench").add("status", "completed").build();
        UserId first = ids.get(0);
        store.userRunDir(first, run);
        Files.writeString(store.batchFile(first, run), batch);
        UserResults.write(store, run, first, Provenance.of(store, run), finalBatch, outputFile, null);
        // The others are copies with their own user id: one fsync'd write per user would dominate the setup.
        String template = Files.readString(store.resultsFile(first, run));
        for (UserId user : ids.subList(1, ids.size())) {
            store.userRunDir(user, run);
            Files.writeString(store.batchFile(user, run), batch);
            Files.writeString(store.resultsFile(user, run), template.replace("\"" + first.value() + "\"",
                    "\"" + user.value() + "\""));
        }
        return ids;
    }
}
