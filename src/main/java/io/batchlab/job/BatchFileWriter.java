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
import jakarta.json.JsonObject;
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
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Writes each user's {@code batch.jsonl}, uploads it, creates the provider batch and records both responses in
 * {@code upload.json}, with the records' keys when {@code input.record_key} names them. Idempotent per user, because
 * a chunk can be replayed after a crash or a retry: an existing upload.json is trusted; a batch.jsonl without
 * upload.json means an earlier attempt may have reached the provider, so the provider is asked (by the deterministic
 * file name and the batch metadata) before uploading.
 * With {@code submit=false} it only writes batch.jsonl (a dry run, or a benchmark of preparing alone). A packed run
 * ({@code provider.pack}) submits each chunk as one pack of users instead ({@link PackSubmitter}).
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

    /** USD: this execution's cost cap instead of the config's provider.max_cost (a restart may raise it). */
    @Inject
    @BatchProperty
    String maxCost;

    /** This partition's packs, with what it learnt of the run's existing packs; packed runs only. */
    private PackSubmitter packs;

    @Override
    public void writeItems(List<Object> items) throws Exception {
        RunContext run = RunContexts.of(jobContext);
        if (run.config().provider().pack().packed()) {
            if (packs == null) {
                packs = new PackSubmitter(run, prepareOnly(), maxCost);
            }
            packs.write(items.stream().map(UserBatch.class::cast).toList());
            return;
        }
        RunCounts counts = run.counts();
        // one forced write per chunk: a crash before the moves below makes the next recount look at these users' files
        counts.intend(items.stream().map(item -> (UserBatch) item)
                .map(batch -> new ListedUser(batch.position(), batch.user())).toList());
        for (Object item : items) {
            submit(run, (UserBatch) item, counts);
        }
    }

    private boolean prepareOnly() {
        return "false".equalsIgnoreCase(submit == null ? null : submit.trim());
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
        boolean prepareOnly = prepareOnly();
        if (!prepareOnly && !fitsCostCap(run, maxCost, batch)) {
            throw new CostCapReachedException(run.costCapReached());
        }
        store.userRunDir(user, runId);
        AtomicFiles.write(batchFile, out -> writeLines(batch.jsonLines(), out));
        counts.advance(batch.position(), RunCounts.UserState.PREPARED);
        if (prepareOnly) {
            return;
        }
        try {
            Submitted submitted = submitOnce(run, "user " + user, batchFile,
                    BatchClient.uploadFilename(runId.toString(), user.value()),
                    Map.of(BatchClient.METADATA_RUN_ID, runId.toString(), BatchClient.METADATA_USER_ID, user.value()),
                    earlierAttempt ? () -> run.client().findSubmission(runId.toString(), user.value()) : null);
            AtomicFiles.writeString(uploadFile, uploadJson(submitted, batch.recordKeys(), null));
            counts.advance(batch.position(), RunCounts.UserState.SUBMITTED);
            run.submissions().created(submitted.batch().id(), new ListedUser(batch.position(), user));
        } catch (ProviderException e) {
            throw failed(run, "user " + user, e);
        }
    }

    /**
     * A user's upload.json: the provider's upload and batch objects verbatim, for a packed user where its lines sit in
     * the pack ({@code pack}), and the record keys when {@code input.record_key} names them.
     */
    static String uploadJson(Submitted submitted, Map<String, String> recordKeys, JsonObject pack) {
        JsonObjectBuilder upload = JSON.createObjectBuilder()
                .add("upload", submitted.file().raw())
                .add("batch", submitted.batch().raw());
        if (pack != null) {
            upload.add("pack", pack);
        }
        if (!recordKeys.isEmpty()) {
            // batchlab's own addition, kept out of batch.jsonl (the provider's format): read when collecting
            upload.add(RecordKeys.UPLOAD_FIELD, Pack.recordKeys(recordKeys));
        }
        return upload.build().toString();
    }

    /**
     * What a provider refusal means for the chunk: one that dooms the run fails it for good; any other is thrown
     * again for the chunk to retry, with the run's last_error saying what failed should the retries run out.
     */
    static RuntimeException failed(RunContext run, String who, ProviderException e) throws IOException {
        if (e.dooms()) {
            RunDoomedException doomed = new RunDoomedException("the provider refused " + who + " of run "
                    + run.runId() + ", which dooms the whole run: " + e.getMessage(), e);
            RunFailures.record(run, "prepare-and-submit", doomed);
            return doomed;
        }
        RunFailures.record(run, "prepare-and-submit", new IllegalStateException(who + ": " + e.getMessage(), e));
        return e;
    }

    /**
     * Whether this user's estimate still fits under the cost cap (reserving it if so). When it does not, submitting
     * stops before the user's batch is written: the chunk fails without retry ({@link CostCapReachedException}) and
     * the step with it, so the reader's checkpoint stays before this user and a restart (with a higher cap) goes on
     * from here; batches already submitted are still collected.
     */
    static boolean fitsCostCap(RunContext run, String maxCost, UserBatch batch) throws IOException {
        Optional<CostCap> cap = run.costCap(maxCost);
        return cap.isEmpty() || cap.get().reserve(batch.position(), batch.user(),
                cap.get().upperBound(batch.user(), batch.jsonLines()));
    }

    /**
     * Uploads {@code file} and creates its batch, unless the provider holds them already: {@code find} (null when
     * there was no earlier attempt) looks for them by upload name and batch metadata.
     */
    static Submitted submitOnce(RunContext run, String who, Path file, String uploadName,
                                Map<String, String> metadata, Supplier<Optional<Submission>> find) {
        BatchClient client = run.client();
        Optional<Submission> found = find == null ? Optional.empty() : find.get();
        if (found.isPresent() && found.get().batch() != null) {
            Batch existing = found.get().batch();
            FileObject uploaded = found.get().file() != null ? found.get().file()
                    : client.fileInfo(existing.inputFileId());
            LOG.info(() -> who + " of run " + run.runId() + " was already submitted as " + existing.id());
            return new Submitted(uploaded, existing);
        }
        FileObject uploaded = found.map(Submission::file).orElseGet(() -> {
            run.confirmLease();
            return client.upload(file, uploadName);
        });
        run.confirmLease();
        Batch created = client.createBatch(uploaded.id(), run.config().provider().completionWindow(), metadata);
        return new Submitted(uploaded, created);
    }

    static void writeLines(List<String> jsonLines, java.io.OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (String line : jsonLines) {
            writer.write(line);
            writer.write('\n');
        }
        writer.flush();
    }

    record Submitted(FileObject file, Batch batch) {
    }
}
