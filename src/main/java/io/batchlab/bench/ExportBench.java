package io.batchlab.bench;

import com.sun.management.OperatingSystemMXBean;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
     * Medians of the repetitions, as rows per second of wall time and per second of the whole JVM's CPU time (user
     * and system: the export's reader threads, GC and JIT included), which other processes on a shared machine
     * disturb far less. {@code export} reads ahead on the machine's cores, as {@code batchlab export} does;
     * {@code oneThread} is the same export on the calling thread alone.
     */
    record Result(RunId run, long rows, long bytes, Rates export, Rates oneThread, Rates loop, long parquetBytes,
                  Rates parquet) {
        double ratio() {
            return export.perSecond() / loop.perSecond();
        }

        double cpuRatio() {
            return export.perCpuSecond() / loop.perCpuSecond();
        }
    }

    /** Rows per second of wall time and of CPU time. */
    record Rates(double perSecond, double perCpuSecond) {
    }

    /** The ways of producing the table that are timed, in the order each repetition runs them. */
    private enum Way {
        EXPORT("export"), ONE_THREAD("export on one thread"), BARE_LOOP("bare loop"), PARQUET("export to parquet");

        final String label;

        Way(String label) {
            this.label = label;
        }
    }

    /** One way of producing the CSV (or Parquet), timed. */
    @FunctionalInterface
    private interface Round {
        void run() throws IOException;
    }

    /** Untimed rounds of each way before the first timed one: the JIT compiles the reader threads' code too. */
    private static final int WARM_UP_ROUNDS = 3;

    static Result once(ExperimentStore store, Path scratch, int users, int records, int repetitions, PrintStream out)
            throws IOException {
        RunId run = store.allocateRun("BENCH", "EXPORT", LocalDate.now());
        List<UserId> ids = writeAnsweredRun(store, scratch, run, users, records);
        Path exported = scratch.resolve("export.csv");
        Path looped = scratch.resolve("loop.csv");
        Path parquetFile = scratch.resolve("export.parquet");
        long rows = export(store, run, ExportFormat.CSV, exported, RunExport.defaultReaders());
        byte[] csv = Files.readAllBytes(exported);
        Map<Way, Round> ways = new EnumMap<>(Way.class);
        ways.put(Way.EXPORT, () -> export(store, run, ExportFormat.CSV, exported, RunExport.defaultReaders()));
        ways.put(Way.ONE_THREAD, () -> export(store, run, ExportFormat.CSV, exported, 1));
        ways.put(Way.BARE_LOOP, () -> bareLoop(store, run, ids, csv, looped));
        ways.put(Way.PARQUET, () -> export(store, run, ExportFormat.PARQUET, parquetFile, RunExport.defaultReaders()));
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            for (Round way : ways.values()) {
                way.run();
            }
        }
        Map<Way, List<Rates>> measured = new EnumMap<>(Way.class);
        for (int i = 1; i <= repetitions; i++) {
            StringBuilder line = new StringBuilder("P8 #" + i + " " + run + ":");
            for (Map.Entry<Way, Round> way : ways.entrySet()) {
                Rates rates = timed(way.getValue(), rows);
                measured.computeIfAbsent(way.getKey(), key -> new ArrayList<>()).add(rates);
                line.append(String.format(" %s %.0f rows/s (%.0f per CPU s);", way.getKey().label,
                        rates.perSecond(), rates.perCpuSecond()));
            }
            out.println(line.append(String.format(" ratio %.2f", measured.get(Way.EXPORT).get(i - 1).perSecond()
                    / measured.get(Way.BARE_LOOP).get(i - 1).perSecond())));
        }
        return new Result(run, rows, csv.length, median(measured.get(Way.EXPORT)), median(measured.get(Way.ONE_THREAD)),
                median(measured.get(Way.BARE_LOOP)), Files.size(parquetFile), median(measured.get(Way.PARQUET)));
    }

    private static Rates timed(Round round, long rows) throws IOException {
        OperatingSystemMXBean process = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.nanoTime();
        long cpu = process.getProcessCpuTime();
        round.run();
        double cpuSeconds = (process.getProcessCpuTime() - cpu) / 1e9;
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Rates(rows / seconds, rows / cpuSeconds);
    }

    private static Rates median(List<Rates> rates) {
        return new Rates(Medians.median(rates.stream().map(Rates::perSecond).toList()),
                Medians.median(rates.stream().map(Rates::perCpuSecond).toList()));
    }

    private static long export(ExperimentStore store, RunId run, ExportFormat format, Path target, int readers)
            throws IOException {
        try (OutputStream stream = Files.newOutputStream(target)) {
            return RunExport.write(store, run, format.open(stream), readers);
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
