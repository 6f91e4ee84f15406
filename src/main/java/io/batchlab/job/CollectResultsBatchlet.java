package io.batchlab.job;

import io.batchlab.provider.Batch;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.ProviderException;
import io.batchlab.results.ResultStatus;
import io.batchlab.results.ResultsUsage;
import io.batchlab.results.UserResults;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import io.batchlab.window.DurationText;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Step {@code collect-results}: runs beside prepare-and-submit (a split) and collects each batch as soon as it reaches
 * a terminal state — polling many batches per call, streaming the output and error files to disk and writing each
 * user's results.json — so results never wait behind a backlog built up while submitting. It takes new batches from
 * the in-memory {@link Submissions} hand-off, starts from the files and sweeps them again once submitting has ended,
 * so it is idempotent: a restart simply continues with the users that have no results.json yet.
 * <p>
 * It ends when submitting has completed and every submitted batch is collected; with exit status {@value #STOPPED}
 * when the job is stopped or submitting was interrupted (the job fails or stops with it, and a restart continues
 * both); with {@value #DEADLINE} when the collect deadline, counted from the end of submitting, passes — which the
 * job XML turns into a restartable stop.
 */
@Named
@Dependent
public class CollectResultsBatchlet extends AbstractBatchlet {

    /** Looked up once: {@code Json.create*} searches the class path for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    static final String DEADLINE = "DEADLINE";
    static final String STOPPED = "STOPPED";
    private static final int MAX_IDS_PER_CALL = 200;
    /** A provider outage may fail this many polling rounds in a row (each after the client's own retries). */
    private static final int MAX_FAILED_ROUNDS = 10;
    private static final Logger LOG = Logger.getLogger(CollectResultsBatchlet.class.getName());

    @Inject
    JobContext jobContext;

    /** Poll interval (e.g. 30s, 500ms); default: the config's provider.poll_interval. */
    @Inject
    @BatchProperty
    String pollInterval;

    /**
     * How long this step may wait, in one execution, once submitting has ended (e.g. 48h); default: the config's
     * provider.collect_deadline.
     */
    @Inject
    @BatchProperty
    String collectDeadline;

    /** {@code false}: a prepare-only run (see BatchFileWriter), with nothing to collect; default {@code true}. */
    @Inject
    @BatchProperty
    String submit;

    /** Why the wait between two rounds ends early. */
    private enum Wake { STOP, SUBMITTING_ENDED }

    private final BlockingQueue<Wake> wakes = new LinkedBlockingQueue<>();

    @Override
    public String process() throws Exception {
        RunContext run = RunContexts.of(jobContext);
        if ("false".equalsIgnoreCase(submit == null ? null : submit.trim())) {
            // Nothing will be submitted; the prepare step's reducer recounts the run.
            LOG.info(() -> "run " + run.runId() + ": prepare-only (submit=false), nothing to collect");
            return "COLLECTED";
        }
        Duration interval = pollInterval == null || pollInterval.isBlank()
                ? run.config().provider().pollInterval() : duration("pollInterval", pollInterval);
        Duration allowed = collectDeadline == null || collectDeadline.isBlank()
                ? run.config().provider().collectDeadline() : duration("collectDeadline", collectDeadline);
        long execution = jobContext.getExecutionId();
        Submissions submissions = run.submissions();
        if (PrepareStepHistory.completedEarlier(execution)) {
            submissions.end(Submissions.Ending.COMPLETED);
        }
        submissions.whenEnded(() -> wakes.add(Wake.SUBMITTING_ENDED));
        Map<String, List<ListedUser>> pending = pendingBatches(run);
        LOG.info(() -> "run " + run.runId() + ": collecting results as batches finish (" + pending.size()
                + " submitted before this step started)");
        Instant deadline = null;
        int failedRounds = 0;
        while (true) {
            Optional<Submissions.Ending> ending = submissions.ending().or(() -> PrepareStepHistory.endedIn(execution));
            submissions.drainTo(pending);
            if (ending.isPresent() && ending.get() == Submissions.Ending.INTERRUPTED
                    && run.costCapReached() == null) {
                LOG.info(() -> "run " + run.runId() + ": submitting did not complete; collecting stops with it");
                reconcile(run);
                return STOPPED;
            }
            if (ending.isPresent() && deadline == null) {
                // Everything is submitted: one sweep of the files catches what the hand-off did not carry.
                pendingBatches(run).forEach((batch, users) -> pending.merge(batch, users, (known, swept) -> {
                    swept.stream().filter(user -> !known.contains(user)).forEach(known::add);
                    return known;
                }));
                deadline = Instant.now().plus(allowed);
            }
            Instant roundStarted = Instant.now();
            failedRounds = round(run, pending, failedRounds);
            if (ending.isPresent() && pending.isEmpty()) {
                break;
            }
            if (deadline != null && Instant.now().isAfter(deadline)) {
                return deadlineReached(run, allowed, pending.size());
            }
            // Polls start an interval apart: a round that spent time downloading waits only for the rest of it.
            long untilNextPoll = interval.toMillis() - Duration.between(roundStarted, Instant.now()).toMillis();
            if (wakes.poll(Math.max(0, untilNextPoll), TimeUnit.MILLISECONDS) == Wake.STOP) {
                reconcile(run);
                return STOPPED;
            }
        }
        reconcile(run);
        // stopped at the cost cap: what was submitted is collected, the rest waits for a restart
        return run.costCapReached() == null ? "COLLECTED" : STOPPED;
    }

    /**
     * One polling round: collects what has finished. A provider outage may fail a few rounds in a row (each after the
     * client's own retries) before the step fails.
     *
     * @return the rounds failed in a row so far, 0 after a good one
     */
    private static int round(RunContext run, Map<String, List<ListedUser>> pending, int failedRounds) throws Exception {
        run.checkLeaseNotLost();
        try {
            if (!pending.isEmpty()) {
                collectFinished(run, pending);
            }
            return 0;
        } catch (ProviderException e) {
            int failed = failedRounds + 1;
            if (!e.retryable() || failed >= MAX_FAILED_ROUNDS) {
                RunFailures.record(run, "collect-results", e);
                throw e;
            }
            LOG.warning(() -> "run " + run.runId() + ": collecting failed (" + e.getMessage() + "), "
                    + failed + " of " + MAX_FAILED_ROUNDS + " rounds in a row; trying again at the next poll");
            return failed;
        }
    }

    private static String deadlineReached(RunContext run, Duration allowed, int unfinished) throws IOException {
        String reason = "collect deadline of " + allowed + " reached with " + unfinished
                + " batches unfinished; restart the run to keep collecting";
        RunFailures.record(run, "collect-results", new IllegalStateException(reason));
        reconcile(run);
        return DEADLINE;
    }

    private static Duration duration(String parameter, String text) {
        return DurationText.parse(text.trim()).orElseThrow(() -> new IllegalArgumentException("job parameter "
                + parameter + "='" + text + "' is not a duration such as 500ms, 30s, 5m or 2h"));
    }

    @Override
    public void stop() {
        wakes.add(Wake.STOP);
    }

    /** Batch id → the users without results.json it answers (one, or a pack's). */
    private static Map<String, List<ListedUser>> pendingBatches(RunContext run) throws IOException {
        ExperimentStore store = run.store();
        RunId runId = run.runId();
        Map<String, List<ListedUser>> pending = new LinkedHashMap<>();
        try (UsersFile.Cursor users = UsersFile.open(store.usersFile(runId))) {
            while (users.hasNext()) {
                long position = users.position();
                UserId user = users.next();
                Path upload = store.uploadFile(user, runId);
                if (!Files.exists(store.resultsFile(user, runId)) && Files.exists(upload)) {
                    pending.computeIfAbsent(batchId(upload), id -> new ArrayList<>())
                            .add(new ListedUser(position, user));
                }
            }
        }
        return pending;
    }

    /** Reads up to the batch object only: upload.json can go on with a user's record keys. */
    private static String batchId(Path uploadFile) throws IOException {
        try (InputStream in = Files.newInputStream(uploadFile); JsonParser parser = JSON.createParser(in)) {
            parser.next();
            while (parser.next() == JsonParser.Event.KEY_NAME) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if (key.equals("batch") && value == JsonParser.Event.START_OBJECT) {
                    return parser.getObject().getString("id");
                }
                if (value == JsonParser.Event.START_OBJECT) {
                    parser.skipObject();
                } else if (value == JsonParser.Event.START_ARRAY) {
                    parser.skipArray();
                }
            }
        }
        throw new IOException(uploadFile + " has no \"batch\" object");
    }

    /**
     * Collects every finished batch of this round. Batches are collected in parallel (as many as the provider may
     * serve at once): each mostly waits for its download and its fsyncs, so one at a time made collecting, not the
     * provider, the limit. A pack's batch is downloaded once and split into its users' results.json
     * ({@link PackCollector}). status.json shows the counts once per round, not once per user — also when the round
     * breaks off, so that nothing collected goes unshown.
     */
    private static void collectFinished(RunContext run, Map<String, List<ListedUser>> pending) throws Exception {
        BatchClient client = run.client();
        List<Batch> finished = new ArrayList<>();
        List<String> ids = new ArrayList<>(pending.keySet());
        for (int from = 0; from < ids.size(); from += MAX_IDS_PER_CALL) {
            List<String> slice = ids.subList(from, Math.min(ids.size(), from + MAX_IDS_PER_CALL));
            for (Batch batch : client.retrieveBatches(slice)) {
                if (pending.containsKey(batch.id()) && batch.status().terminal()) {
                    finished.add(batch);
                }
            }
        }
        if (finished.isEmpty()) {
            return;
        }
        run.counts().intend(finished.stream().flatMap(batch -> pending.get(batch.id()).stream()).toList());
        boolean packed = run.config().provider().pack().packed();
        List<Callable<Map<ListedUser, ResultStatus>>> collections = new ArrayList<>();
        for (Batch batch : finished) {
            List<ListedUser> users = List.copyOf(pending.get(batch.id()));
            collections.add(packed ? () -> PackCollector.collect(run, batch, users)
                    : () -> Map.of(users.get(0), collect(run, users.get(0), batch)));
        }
        List<RunStatus.Problem> incomplete = new ArrayList<>();
        Exception failure = null;
        ExecutorService collectors = Executors.newFixedThreadPool(
                Math.min(finished.size(), run.config().provider().maxConcurrency()));
        try {
            List<Future<Map<ListedUser, ResultStatus>>> results = collectors.invokeAll(collections);
            for (int i = 0; i < finished.size(); i++) {
                Batch batch = finished.get(i);
                try {
                    Map<ListedUser, ResultStatus> outcomes = outcome(results.get(i));
                    pending.remove(batch.id());
                    outcomes.forEach((user, result) -> {
                        if (result != ResultStatus.COMPLETE) {
                            incomplete.add(new RunStatus.Problem(user.id().value(), "collect",
                                    unanswered(batch, result)));
                        }
                    });
                } catch (Exception e) {
                    failure = failure == null ? e : failure;
                }
            }
        } finally {
            collectors.shutdownNow();
        }
        record(run, incomplete);
        if (failure != null) {
            throw failure;
        }
    }

    /** Shows the round's counts (moved by {@link #collect} as each results.json was written) and its problems. */
    private static void record(RunContext run, List<RunStatus.Problem> incomplete) throws IOException {
        RunCounts counts = run.counts();
        run.updateStatus(status -> {
            RunStatus updated = run.showUsage(counts.applyTo(status));
            for (RunStatus.Problem problem : incomplete) {
                updated = updated.withProblem(problem);
            }
            return updated;
        });
    }

    /** Why a user has unanswered requests, in status.json's problems, so nobody has to open every results.json. */
    private static String unanswered(Batch batch, ResultStatus result) {
        String errors = batch.errors().isEmpty() ? "" : " (" + batch.errors().get(0).code() + ": "
                + batch.errors().get(0).message() + ")";
        return "batch " + batch.id() + " ended " + batch.status().wireName() + errors + ", results " + result.json()
                + ": the unanswered requests are listed under 'unanswered' in the user's results.json";
    }

    private static <T> T outcome(Future<T> result) throws Exception {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static ResultStatus collect(RunContext run, ListedUser listed, Batch batch) throws IOException {
        UserId user = listed.id();
        BatchClient client = run.client();
        Path scratch = Files.createDirectories(run.store().workDir().resolve("downloads"));
        Path output = null;
        Path errors = null;
        try {
            if (batch.outputFileId() != null) {
                output = Files.createTempFile(scratch, batch.id(), ".output.jsonl");
                client.download(batch.outputFileId(), output);
            }
            if (batch.errorFileId() != null) {
                errors = Files.createTempFile(scratch, batch.id(), ".errors.jsonl");
                client.download(batch.errorFileId(), errors);
            }
            run.confirmLease();
            ResultStatus status = UserResults.write(run.store(), run.runId(), user, run.provenance(), batch.raw(),
                    output, errors);
            run.counts().advance(listed.position(), RunCounts.UserState.of(status));
            run.usage().record(listed.position(), ResultsUsage.of(run.store().resultsFile(user, run.runId())));
            LOG.fine(() -> "run " + run.runId() + ": user " + user + " " + status.json());
            return status;
        } finally {
            if (output != null) {
                Files.deleteIfExists(output);
            }
            if (errors != null) {
                Files.deleteIfExists(errors);
            }
        }
    }

    /** Shows the final counts of the step, which also sets results_received once every user has a results.json. */
    private static void reconcile(RunContext run) throws IOException {
        RunCounts.publish(run);
    }
}
