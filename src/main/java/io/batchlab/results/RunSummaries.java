package io.batchlab.results;

import io.batchlab.cost.Price;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Builds a {@link RunSummary} by streaming the run's export rows into counters: memory does not grow with the run.
 * The time of the last result is when the newest results.json was written (its modification time).
 */
public final class RunSummaries {

    private RunSummaries() {
    }

    /** The run must exist with its config.yaml and users.json; status.json is optional. */
    public static RunSummary of(ExperimentStore store, RunId run) throws IOException {
        RunFacts facts = RunFacts.read(store.configFile(run));
        SummaryCounters counters = new SummaryCounters(facts.allowedAnswers());
        FileTime[] newest = new FileTime[1];
        RunExport.write(store, run, facts, counters, results -> {
            FileTime written = Files.getLastModifiedTime(results);
            if (newest[0] == null || written.compareTo(newest[0]) > 0) {
                newest[0] = written;
            }
        }, RunExport.defaultReaders());
        Path status = store.statusFile(run);
        RunStatus recorded = Files.exists(status) ? RunStatusStore.read(store, run) : null;
        LocalDateTime created = recorded == null ? null : recorded.created();
        LocalDateTime lastResult = newest[0] == null ? null
                : LocalDateTime.ofInstant(newest[0].toInstant(), facts.timeZone()).truncatedTo(ChronoUnit.SECONDS);
        Long seconds = created == null || lastResult == null ? null
                : Duration.between(created.atZone(facts.timeZone()), lastResult.atZone(facts.timeZone()))
                        .getSeconds();
        RunSummary.Tokens tokens = counters.tokens();
        return new RunSummary(run.toString(), facts.modelId(), counters.users(), counters.requests(),
                counters.byStatus(), counters.answers(), tokens,
                facts.price().map(price -> price.batchCost(tokens.prompt(), tokens.completion())).orElse(null),
                counters.missing(), created, lastResult, seconds, recorded == null ? null : recorded.configSha256(),
                facts.price().map(Price::describe).orElse(null));
    }
}
