package io.batchlab.job;

import io.batchlab.provider.Batch;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.FileObject;
import io.batchlab.provider.ProviderException;
import io.batchlab.provider.Submission;
import io.batchlab.results.UserRetryState;
import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RetryFiles;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Step {@code retry-submit} of the {@code retry} job: for each user of the run (or of the retry's users.txt) whose
 * results.json lists unanswered requests, submits exactly those lines of batch.jsonl, with their original custom_ids,
 * as the user's next retry attempt, and appends the attempt's upload and batch to upload.json's {@code retries[]}.
 * <p>
 * Exactly once, like the first submission: the attempt's input file ({@link RetryFiles#input}) is written before
 * anything is uploaded; finding it on a later try means the provider may already hold the attempt, so it is looked up
 * (upload name {@code batchlab_RUN_ID_USER_ID.retry-N.jsonl}, batch metadata {@code run_id, user_id, retry=N}) before
 * uploading. A user whose newest attempt is in upload.json but not merged into results.json is left to retry-collect.
 * The step is not run again once complete, so one retry job asks each user at most once.
 */
@Named
@Dependent
public class RetrySubmitBatchlet extends AbstractBatchlet {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Logger LOG = Logger.getLogger(RetrySubmitBatchlet.class.getName());

    @Inject
    JobContext jobContext;

    private volatile boolean stopRequested;

    @Override
    public String process() throws Exception {
        RunContext run = RunContexts.of(jobContext);
        ExperimentStore store = run.store();
        RunId runId = run.runId();
        Optional<Set<UserId>> selection = selection(store, runId);
        int submitted = 0;
        long requests = 0;
        try (UsersFile.Cursor users = UsersFile.open(store.usersFile(runId))) {
            while (users.hasNext()) {
                if (stopRequested) {
                    return CollectResultsBatchlet.STOPPED;
                }
                UserId user = users.next();
                if (selection.isPresent() && !selection.get().contains(user)) {
                    continue;
                }
                Optional<UserRetryState> state = UserRetryState.read(store, runId, user);
                if (state.isEmpty() || state.get().inFlight() || !state.get().missing()) {
                    continue;
                }
                requests += submit(run, user, state.get());
                submitted++;
            }
        }
        int users = submitted;
        long asked = requests;
        LOG.info(() -> "run " + runId + ": asked again " + asked + " requests of " + users + " users");
        return "SUBMITTED";
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    /** The users the retry is limited to; empty: every user of the run. */
    static Optional<Set<UserId>> selection(ExperimentStore store, RunId run) throws IOException {
        Path file = RetryFiles.selection(store, run);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Set<UserId> users = new HashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                users.add(UserId.of(line.strip(), file.toString()));
            }
        }
        return Optional.of(users);
    }

    /** @return the number of requests asked again */
    private static int submit(RunContext run, UserId user, UserRetryState state) throws IOException {
        ExperimentStore store = run.store();
        RunId runId = run.runId();
        int attempt = state.nextAttempt();
        Path input = RetryFiles.input(store, runId, user, attempt);
        boolean earlierTry = Files.exists(input);
        if (!earlierTry) {
            Files.createDirectories(input.getParent());
            List<String> lines = linesOf(store.batchFile(user, runId), new HashSet<>(state.unanswered()));
            AtomicFiles.write(input, out -> {
                for (String line : lines) {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
            });
        }
        List<String> customIds = customIds(input);
        if (customIds.isEmpty()) {
            LOG.warning(() -> "run " + runId + ": user " + user + " lists unanswered requests that batch.jsonl does "
                    + "not hold; nothing to ask again");
            return 0;
        }
        try {
            Submission submitted = submitOnce(run, user, attempt, input, earlierTry);
            JsonObject upload = readObject(store.uploadFile(user, runId));
            JsonArrayBuilder retries = upload.get("retries") instanceof JsonArray earlier
                    ? JSON.createArrayBuilder(earlier) : JSON.createArrayBuilder();
            retries.add(JSON.createObjectBuilder()
                    .add("attempt", attempt)
                    .add("custom_ids", JSON.createArrayBuilder(customIds))
                    .add("upload", submitted.file().raw())
                    .add("batch", submitted.batch().raw()));
            AtomicFiles.writeString(store.uploadFile(user, runId),
                    JSON.createObjectBuilder(upload).add("retries", retries).build().toString());
        } catch (ProviderException e) {
            RunFailures.record(run, "retry-submit", new IllegalStateException("user " + user + ": "
                    + e.getMessage(), e));
            throw e;
        }
        LOG.fine(() -> "run " + runId + ": user " + user + " retry " + attempt + " asks " + customIds.size()
                + " requests again");
        return customIds.size();
    }

    private static Submission submitOnce(RunContext run, UserId user, int attempt, Path input, boolean earlierTry) {
        BatchClient client = run.client();
        String runId = run.runId().toString();
        Optional<Submission> found = earlierTry
                ? client.findRetrySubmission(runId, user.value(), attempt)
                : Optional.empty();
        if (found.isPresent() && found.get().batch() != null) {
            Batch existing = found.get().batch();
            FileObject file = found.get().file() != null ? found.get().file() : client.fileInfo(existing.inputFileId());
            LOG.info(() -> "user " + user + " of run " + runId + " was already asked again as " + existing.id());
            return new Submission(file, existing);
        }
        FileObject file = found.map(Submission::file).orElseGet(() -> {
            run.confirmLease();
            return client.upload(input, BatchClient.retryUploadFilename(runId, user.value(), attempt));
        });
        run.confirmLease();
        Batch created = client.createBatch(file.id(), run.config().provider().completionWindow(),
                Map.of(BatchClient.METADATA_RUN_ID, runId, BatchClient.METADATA_USER_ID, user.value(),
                        BatchClient.METADATA_RETRY, String.valueOf(attempt)));
        return new Submission(file, created);
    }

    /** The lines of batch.jsonl whose custom_id is wanted, verbatim and in order. */
    private static List<String> linesOf(Path batchFile, Set<String> wanted) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(batchFile, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && wanted.contains(customId(line))) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private static List<String> customIds(Path jsonl) throws IOException {
        List<String> ids = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    ids.add(customId(line));
                }
            }
        }
        return ids;
    }

    private static String customId(String line) {
        try (JsonParser parser = JSON.createParser(new StringReader(line))) {
            parser.next();
            return parser.getObject().getString("custom_id");
        }
    }

    private static JsonObject readObject(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
            parser.next();
            return parser.getObject();
        }
    }
}
