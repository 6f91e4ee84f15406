package io.batchlab.job;

import io.batchlab.provider.Batch;
import io.batchlab.provider.BatchClient;
import io.batchlab.results.ResultStatus;
import io.batchlab.results.ResultsUsage;
import io.batchlab.results.UserResults;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Collects a finished pack: downloads its output and error files once into the pack's directory ({@link Pack}) —
 * kept there, and reused when a crash cut the split short — then writes each waiting user's results.json from the
 * user's lines alone ({@link PackOutput}). A pack that expired or failed gives each user the results it has: the rest
 * of the user's requests are unanswered in the user's results.json, which is what {@code batchlab retry} asks again.
 */
final class PackCollector {

    private static final Logger LOG = Logger.getLogger(PackCollector.class.getName());

    private PackCollector() {
    }

    /** @return each collected user's status; users that already have results.json are left alone */
    static Map<ListedUser, ResultStatus> collect(RunContext run, Batch batch, List<ListedUser> users)
            throws IOException {
        ExperimentStore store = run.store();
        RunId runId = run.runId();
        String name = batch.metadata().get(BatchClient.METADATA_PACK);
        if (name == null) {
            throw new IOException("batch " + batch.id() + " of run " + runId + " has no pack in its metadata "
                    + batch.metadata() + "; was the run's provider.pack changed after it was submitted?");
        }
        Path output = fetch(run, batch.outputFileId(), Pack.output(store, runId, name));
        Path errors = fetch(run, batch.errorFileId(), Pack.errors(store, runId, name));
        Path scratch = Files.createDirectories(store.workDir().resolve("downloads"));
        Map<ListedUser, ResultStatus> collected = new LinkedHashMap<>();
        try (PackOutput outputs = PackOutput.index(output); PackOutput failures = PackOutput.index(errors)) {
            for (ListedUser user : users) {
                if (Files.exists(store.resultsFile(user.id(), runId))) {
                    continue;
                }
                Path ownOutput = Files.createTempFile(scratch, name, ".output.jsonl");
                Path ownErrors = Files.createTempFile(scratch, name, ".errors.jsonl");
                try {
                    List<String> problems = new ArrayList<>(outputs.problemsOf(user.id().value()));
                    problems.addAll(failures.problemsOf(user.id().value()));
                    run.confirmLease();
                    ResultStatus status = UserResults.write(store, runId, user.id(), run.provenance(), batch.raw(),
                            outputs.linesOf(user.id().value(), ownOutput),
                            failures.linesOf(user.id().value(), ownErrors), problems);
                    run.counts().advance(user.position(), RunCounts.UserState.of(status));
                    run.usage().record(user.position(), ResultsUsage.of(store.resultsFile(user.id(), runId)));
                    collected.put(user, status);
                } finally {
                    Files.deleteIfExists(ownOutput);
                    Files.deleteIfExists(ownErrors);
                }
            }
        }
        LOG.fine(() -> "run " + runId + ": " + name + " (" + batch.id() + ", " + batch.status().wireName() + ") split "
                + "into " + collected.size() + " users' results");
        return collected;
    }

    /** The provider's file, downloaded once: a complete copy is moved into place, so one that exists is whole. */
    private static Path fetch(RunContext run, String fileId, Path target) throws IOException {
        if (fileId == null) {
            return null;
        }
        if (Files.exists(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path part = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            run.client().download(fileId, part);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        return target;
    }
}
