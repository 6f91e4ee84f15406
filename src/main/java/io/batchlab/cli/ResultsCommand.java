package io.batchlab.cli;

import io.batchlab.cost.Price;
import io.batchlab.cost.Prices;
import io.batchlab.results.RunSummaries;
import io.batchlab.results.RunSummary;
import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code batchlab results RUN_ID [--json] [--out FILE]}: what a run found, counted over its export rows. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Summarise a run: counts by status, answer distribution, tokens, what is missing and why.")
final class ResultsCommand implements Callable<Integer> {

    private static final JsonGeneratorFactory PRETTY =
            Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    @ParentCommand
    Batchlab batchlab;

    @Parameters(paramLabel = "RUN_ID", description = "The run to summarise.")
    String runId;

    @Option(names = "--json", description = "Write the summary as JSON (fields: see the README).")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE",
            description = "With --json: write to FILE (replaced whole, only once complete) instead of standard output.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ExperimentStore store = batchlab.store();
        RunId run = Runs.parseCreated(store, runId);
        if (out != null && !json) {
            throw new CliException("--out writes JSON: add --json");
        }
        RunSummary summary = RunSummaries.of(store, run);
        if (!json) {
            print(summary, System.out);
        } else if (out == null) {
            writeJson(summary, System.out);
            System.out.println();
        } else {
            AtomicFiles.write(out, stream -> writeJson(summary, stream));
            System.err.println("batchlab: summary of " + run + " written to " + out);
        }
        return 0;
    }

    private static void writeJson(RunSummary summary, OutputStream stream) throws IOException {
        // the generator closes what it writes to: keep standard output open
        OutputStream shielded = new java.io.FilterOutputStream(stream) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
        try (JsonGenerator generator = PRETTY.createGenerator(shielded, StandardCharsets.UTF_8)) {
            generator.write(summary.toJson());
        }
    }

    static void print(RunSummary s, PrintStream out) {
        out.printf("run %s: %d users, %d requests (model %s)%n", s.runId(), s.users(), s.requests(),
                s.model() == null ? "?" : s.model());
        RunSummary.ByStatus by = s.byStatus();
        out.printf("  answered %d · error %d · unanswered %d · skipped %d%n", by.answered(), by.error(),
                by.unanswered(), by.skipped());
        if (s.answers() != null) {
            RunSummary.Answers answers = s.answers();
            out.printf("answers (allowed_answers, %d answered):%n", answers.answered());
            int width = Math.max(8, answers.distribution().stream()
                    .mapToInt(a -> a.answer().length()).max().orElse(0));
            for (RunSummary.AnswerCount a : answers.distribution()) {
                out.printf("  %-" + width + "s %8d  %s%n", a.answer(), a.count(), percent(a.share()));
            }
            out.printf("  %-" + width + "s %8d  %s%n", "off-list", answers.offList(),
                    answers.offListRate() == null ? "-" : percent(answers.offListRate()));
        }
        RunSummary.Tokens t = s.tokens();
        out.printf("tokens: prompt %d · completion %d · reasoning %d · cached %d%n", t.prompt(), t.completion(),
                t.reasoning(), t.cached());
        out.println("cost: " + (s.cost() == null ? "unknown: " + Prices.unknown(s.model())
                : Price.text(s.cost()) + " USD at " + s.price()));
        RunSummary.Missing missing = s.missing();
        if (missing.requests() == 0) {
            out.println("missing: nothing");
        } else {
            out.printf("missing: %d requests of %d users%n", missing.requests(), missing.users());
            for (RunSummary.Reason reason : missing.byReason()) {
                out.printf("  %-24s %8d requests of %d users%n", reason.code(), reason.requests(), reason.users());
            }
        }
        out.printf("created %s, last result %s%s%n", s.created() == null ? "unknown" : s.created(),
                s.lastResult() == null ? "none yet" : s.lastResult(),
                s.secondsToLastResult() == null ? "" : " (" + duration(s.secondsToLastResult()) + " later)");
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%5.1f %%", 100 * share);
    }

    private static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh %02dm %02ds", seconds / 3600, seconds / 60 % 60,
                seconds % 60)
                : seconds >= 60 ? String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60)
                : seconds + "s";
    }
}
