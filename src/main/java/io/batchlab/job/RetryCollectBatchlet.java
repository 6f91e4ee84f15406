package io.batchlab.job;

import io.batchlab.provider.Batch;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.ProviderException;
import io.batchlab.results.ResultStatus;
import io.batchlab.results.ResultsUsage;
import io.batchlab.results.RetryMerge;
import io.batchlab.results.UserRetryState;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Step {@code retry-collect} of the {@code retry} job: waits for every retry attempt that upload.json records and
 * results.json has not merged yet (whichever retry job submitted it), downloads its output and error files and merges
 * the new answers into the user's results.json ({@link RetryMerge}), moving a user whose requests are now all answered
 * from failed to completed in status.json's counts. Idempotent: it starts from the files, so a restart collects what
 * is still in flight. Ends with {@value #DEADLINE} (a restartable stop) when the collect deadline passes.
 */
@Named
@Dependent
public class RetryCollectBatchlet extends AbstractBatchlet {

    static final String DEADLINE = CollectResultsBatchlet.DEADLINE;
    private static final int MAX_FAILED_ROUNDS = 10;
    private static final Logger LOG = Logger.getLogger(RetryCollectBatchlet.class.getName());

    @Inject
    JobContext jobContext;

    /** Poll interval (e.g. 30s, 500ms); default: the config's provider.poll_interval. */
    @Inject
    @BatchProperty
    String pollInterval;

    /** How long this step may wait in one execution (e.g. 48h); default: the config's provider.collect_deadline. */
    @Inject
    @BatchProperty
    String collectDeadline;

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** One attempt in flight. */
    private record Pending(ListedUser user, int attempt, List<String> asked) {
    }

    @Override
    public String process() throws Exception {
        RunContext run = RunContexts.of(jobContext);
        Duration interval = duration("pollInterval", pollInterval, run.config().provider().pollInterval());
        Duration allowed = duration("collectDeadline", collectDeadline, run.config().provider().collectDeadline());
        Map<String, Pending> pending = inFlight(run.store(), run.runId());
        LOG.info(() -> "run " + run.runId() + ": collecting " + pending.size() + " retry attempts");
        Instant deadline = Instant.now().plus(allowed);
        int failedRounds = 0;
        while (!pending.isEmpty()) {
            Instant roundStarted = Instant.now();
            run.checkLeaseNotLost();
            try {
                collectFinished(run, pending);
                failedRounds = 0;
            } catch (ProviderException e) {
                failedRounds++;
                if (!e.retryable() || failedRounds >= MAX_FAILED_ROUNDS) {
                    RunFailures.record(run, "retry-collect", e);
                    throw e;
                }
                LOG.warning("run " + run.runId() + ": collecting retries failed (" + e.getMessage() + "); trying "
                        + "again at the next poll");
            } finally {
                RunCounts.publish(run);
            }
            if (pending.isEmpty()) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                RunFailures.record(run, "retry-collect", new IllegalStateException("collect deadline of " + allowed
                        + " reached with " + pending.size() + " retry batches unfinished; restart the run to keep "
                        + "collecting"));
                return DEADLINE;
            }
            long untilNextPoll = interval.toMillis() - Duration.between(roundStarted, Instant.now()).toMillis();
            if (stopped.await(Math.max(0, untilNextPoll), TimeUnit.MILLISECONDS)) {
                return CollectResultsBatchlet.STOPPED;
            }
        }
        return "COLLECTED";
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    /** Batch id → the attempt, for every user whose newest attempt is not merged yet. */
    private static Map<String, Pending> inFlight(ExperimentStore store, RunId run) throws IOException {
        Map<String, Pending> pending = new LinkedHashMap<>();
        try (UsersFile.Cursor users = UsersFile.open(store.usersFile(run))) {
            while (users.hasNext()) {
                long position = users.position();
                UserId user = users.next();
                var state = UserRetryState.read(store, run, user);
                if (state.isPresent() && state.get().inFlight()) {
                    pending.put(state.get().inFlightBatchId(), new Pending(new ListedUser(position, user),
                            state.get().uploadedAttempts(), state.get().inFlightCustomIds()));
                }
            }
        }
        return pending;
    }

    private static void collectFinished(RunContext run, Map<String, Pending> pending) throws IOException {
        BatchClient client = run.client();
        List<Batch> finished = new ArrayList<>();
        List<String> ids = new ArrayList<>(pending.keySet());
        for (int from = 0; from < ids.size(); from += BatchClient.MAX_IDS_PER_RETRIEVE) {
            for (Batch batch : client.retrieveBatches(ids.subList(from,
                    Math.min(ids.size(), from + BatchClient.MAX_IDS_PER_RETRIEVE)))) {
                if (pending.containsKey(batch.id()) && batch.status().terminal()) {
                    finished.add(batch);
                }
            }
        }
        if (finished.isEmpty()) {
            return;
        }
        RunCounts counts = run.counts();
        counts.intend(finished.stream().map(batch -> pending.get(batch.id()).user()).toList());
        List<RunStatus.Problem> outcomes = new ArrayList<>();
        try {
            for (Batch batch : finished) {
                Pending attempt = pending.get(batch.id());
                Path results = run.store().resultsFile(attempt.user().id(), run.runId());
                ResultsUsage before = ResultsUsage.of(results);
                run.confirmLease();
                ResultStatus status = merge(run, attempt, batch);
                counts.retried(attempt.user().position(), RunCounts.UserState.of(status));
                // the retried answers' tokens, on top of what the first pass recorded for this user
                run.usage().add(attempt.user().position(), ResultsUsage.of(results).minus(before));
                pending.remove(batch.id());
                outcomes.add(outcome(attempt, batch, status));
            }
        } finally {
            // the first pass's problems stay as history; each user's retry says how it ended beside them
            run.updateStatus(status -> {
                RunStatus updated = run.showUsage(counts.applyTo(status));
                for (RunStatus.Problem outcome : outcomes) {
                    updated = updated.withProblem(outcome);
                }
                return updated;
            });
        }
    }

    private static RunStatus.Problem outcome(Pending attempt, Batch batch, ResultStatus status) {
        String ended = status == ResultStatus.COMPLETE ? "every request is answered now"
                : "still unanswered requests are listed under 'unanswered' in the user's results.json";
        return new RunStatus.Problem(attempt.user().id().value(), "retry", "retry " + attempt.attempt() + " (batch "
                + batch.id() + ", " + batch.status().wireName() + ") asked " + attempt.asked().size()
                + " requests again; results " + status.json() + ": " + ended);
    }

    private static ResultStatus merge(RunContext run, Pending attempt, Batch batch) throws IOException {
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
            UserId user = attempt.user().id();
            ResultStatus status = RetryMerge.merge(run.store(), run.runId(), user, attempt.attempt(), attempt.asked(),
                    batch.raw(), output, errors);
            LOG.fine(() -> "run " + run.runId() + ": user " + user + " retry " + attempt.attempt() + " merged, "
                    + status.json());
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

    private static Duration duration(String parameter, String text, Duration otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        return DurationText.parse(text.trim()).orElseThrow(() -> new IllegalArgumentException("job parameter "
                + parameter + "='" + text + "' is not a duration such as 500ms, 30s, 5m or 2h"));
    }
}
