package io.batchlab.job;

import io.batchlab.provider.Batch;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.FileObject;
import io.batchlab.provider.ProviderException;
import io.batchlab.provider.Submission;
import io.batchlab.results.RecordKeys;
import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Writes each user's {@code batch.jsonl}, uploads it, creates the provider batch and records both responses in
 * {@code upload.json}, with the records' keys when {@code input.record_key} names them. Idempotent per user, because
 * a chunk can be replayed after a crash or a retry: an existing upload.json is trusted; a batch.jsonl without
 * upload.json means an earlier attempt may have reached the provider, so the provider is asked (by the deterministic
 * file name and the batch metadata) before uploading.
 * With {@code submit=false} it only writes batch.jsonl (a dry run, or a benchmark of preparing alone).
 */
@Named
@Dependent
public class BatchFileWriter extends AbstractItemWriter {

    /** Looked up once: {@code Json.create*} searches the class path for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final Logger LOG = Logger.getLogger(BatchFileWriter.class.getName());

    @Inject
    JobContext jobContext;

    /** {@code false}: write batch.jsonl only, no upload and no batch; default {@code true}. */
    @Inject
    @BatchProperty
    String submit;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        RunContext run = RunContexts.of(jobContext);
        RunCounts counts = run.counts();
        // one forced write per chunk: a crash before the moves below makes the next recount look at these users' files
        counts.intend(items.stream().map(item -> (UserBatch) item)
                .map(batch -> new ListedUser(batch.position(), batch.user())).toList());
        for (Object item : items) {
            submit(run, (UserBatch) item, counts);
        }
    }

    /** Each count moves right after the file that proves it is written (see {@link RunCounts}). */
    private void submit(RunContext run, UserBatch batch, RunCounts counts) throws IOException {
        ExperimentStore store = run.store();
        RunId runId = run.runId();
        UserId user = batch.user();
        Path uploadFile = store.uploadFile(user, runId);
        if (Files.exists(uploadFile)) {
            return;
        }
        Path batchFile = store.batchFile(user, runId);
        boolean earlierAttempt = Files.exists(batchFile);
        store.userRunDir(user, runId);
        AtomicFiles.write(batchFile, out -> writeLines(batch.jsonLines(), out));
        counts.advance(batch.position(), RunCounts.UserState.PREPARED);
        if ("false".equalsIgnoreCase(submit == null ? null : submit.trim())) {
            return;
        }
        try {
            Submitted submitted = submitOnce(run, user, batchFile, earlierAttempt);
            JsonObjectBuilder upload = JSON.createObjectBuilder()
                    .add("upload", submitted.file().raw())
                    .add("batch", submitted.batch().raw());
            if (!batch.recordKeys().isEmpty()) {
                // batchlab's own addition, kept out of batch.jsonl (the provider's format): read when collecting
                JsonObjectBuilder keys = JSON.createObjectBuilder();
                batch.recordKeys().forEach(keys::add);
                upload.add(RecordKeys.UPLOAD_FIELD, keys);
            }
            AtomicFiles.writeString(uploadFile, upload.build().toString());
            counts.advance(batch.position(), RunCounts.UserState.SUBMITTED);
            run.submissions().created(submitted.batch().id(), new ListedUser(batch.position(), user));
        } catch (ProviderException e) {
            if (e.dooms()) {
                RunDoomedException doomed = new RunDoomedException("the provider refused user " + user + " of run "
                        + runId + ", which dooms the whole run: " + e.getMessage(), e);
                RunFailures.record(run, "prepare-and-submit", doomed);
                throw doomed;
            }
            // The chunk retries it; should the retries run out, the run's last_error says what failed.
            RunFailures.record(run, "prepare-and-submit", new IllegalStateException("user " + user + ": "
                    + e.getMessage(), e));
            throw e;
        }
    }

    private static Submitted submitOnce(RunContext run, UserId user, Path batchFile, boolean earlierAttempt) {
        BatchClient client = run.client();
        String runId = run.runId().toString();
        Optional<Submission> found = earlierAttempt
                ? client.findSubmission(runId, user.value())
                : Optional.empty();
        if (found.isPresent() && found.get().batch() != null) {
            Batch existing = found.get().batch();
            FileObject file = found.get().file() != null ? found.get().file() : client.fileInfo(existing.inputFileId());
            LOG.info(() -> "user " + user + " of run " + runId + " was already submitted as " + existing.id());
            return new Submitted(file, existing);
        }
        FileObject file = found.map(Submission::file)
                .orElseGet(() -> client.upload(batchFile, BatchClient.uploadFilename(runId, user.value())));
        Batch created = client.createBatch(file.id(), run.config().provider().completionWindow(),
                Map.of("run_id", runId, "user_id", user.value()));
        return new Submitted(file, created);
    }

    private static void writeLines(List<String> jsonLines, java.io.OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (String line : jsonLines) {
            writer.write(line);
            writer.write('\n');
        }
        writer.flush();
    }

    private record Submitted(FileObject file, Batch batch) {
    }
}
