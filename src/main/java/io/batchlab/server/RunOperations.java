package io.batchlab.server;

import io.batchlab.config.ConfigException;
import io.batchlab.config.CostAmount;
import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.control.JobProperties;
import io.batchlab.control.JobOperatorRunActions;
import io.batchlab.control.RunActions;
import io.batchlab.control.RunJobs;
import io.batchlab.control.RetryPlan;
import io.batchlab.control.RetryStart;
import io.batchlab.control.RunStateException;
import io.batchlab.input.InputException;
import io.batchlab.job.RunCreator;
import io.batchlab.results.ExportFormat;
import io.batchlab.results.RunExport;
import io.batchlab.results.RunSummaries;
import io.batchlab.results.Page;
import io.batchlab.results.UserAnswers;
import io.batchlab.results.UserProgress;
import io.batchlab.store.CountsHistory;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.ExperimentsRoot;
import io.batchlab.store.InvalidUserIdException;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFileException;
import io.batchlab.window.BatchWindow;
import io.batchlab.window.InvalidWindowException;
import io.batchlab.window.RunWindows;
import io.batchlab.window.WindowSetting;
import jakarta.annotation.PostConstruct;
import jakarta.batch.operations.BatchRuntimeException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * What the runs API does, on the experiments root of MicroProfile Config {@value ExperimentsRoot#CONFIG_KEY} (or
 * {@value ExperimentsRoot#ENV_VARIABLE}) with the standard JobOperator: creates runs, reads their status.json and job
 * executions, starts, stops and restarts their jobs. Failures are {@link RunsApiException}s with the HTTP status.
 */
@ApplicationScoped
public class RunOperations {

    private static final Logger LOG = Logger.getLogger(RunOperations.class.getName());

    private ExperimentStore store;
    /** The server's job operator; none under {@code batchlab serve}, which neither creates runs nor schedules them. */
    private RunJobs jobs;
    private RunActions actions;
    private final Map<RunId, CachedSummary> summaries = new ConcurrentHashMap<>();

    private record CachedSummary(FileTime statusTime, JsonObject summary) {
    }

    @Inject
    WindowedRuns windowedRuns;

    /**
     * The operations of {@code batchlab serve}: the same reads on {@code store}, and stop, restart and retry carried
     * out by {@code actions} (Java SE runs a run's job in the process that holds it: {@link
     * io.batchlab.control.ProcessRunActions}). Creating runs and changing windows stay with {@code batchlab run}.
     */
    public static RunOperations local(ExperimentStore store, RunActions actions) {
        RunOperations operations = new RunOperations();
        operations.store = store;
        operations.actions = actions;
        return operations;
    }

    @PostConstruct
    void open() {
        Path root = ExperimentsRoot.resolve(null);
        try {
            store = ExperimentStore.open(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the experiments root " + root.toAbsolutePath() + " (set "
                    + ExperimentsRoot.CONFIG_KEY + " or " + ExperimentsRoot.ENV_VARIABLE + ")", e);
        }
        jobs = RunJobs.deployed(BatchRuntime.getJobOperator(), store);
        actions = new JobOperatorRunActions(jobs);
    }

    /** Creates the run (every config problem before anything starts) and starts its job. */
    public RunView create(NewRun request) {
        jobs();
        NewRunSource source = NewRunSource.of(request);
        RunId run;
        Optional<BatchWindow> window;
        try {
            ExperimentConfig config = source.load();
            window = WindowSetting.choose(request.window(), config.window(), config.experiment().timeZone());
            run = RunCreator.create(store, config, source.users());
        } catch (ConfigException e) {
            throw RunsApiException.badConfig(source.configName(), e);
        } catch (InvalidWindowException e) {
            throw RunsApiException.badRequest(e.getMessage());
        } catch (IllegalArgumentException | UsersFileException | InputException e) {
            throw RunsApiException.badRequest("cannot create a run from " + source.configName() + ": "
                    + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run under " + store.root() + ": " + e.getMessage(), e);
        }
        if (window.isPresent()) {
            windowedRuns.queue(run, window.get());
            LOG.info(() -> "run " + run + " created from " + source.configName() + ", queued for its window "
                    + window.get());
            return view(run);
        }
        long execution = jobs().start(run, new Properties());
        LOG.info(() -> "run " + run + " created from " + source.configName() + ", job execution " + execution);
        recordExecution(run, execution);
        return view(run);
    }

    /**
     * Gives the run a window (replacing one it had): a run that waits starts or resumes at its next opening, a
     * running one stops at the window's close.
     */
    public synchronized RunView setWindow(String runId, WindowChange change) {
        RunId run = existing(runId);
        jobs();
        if (change == null || change.window() == null || change.window().isBlank()) {
            throw RunsApiException.badRequest("send {\"window\": \"CRON for DURATION\"}, e.g. "
                    + "{\"window\": \"0 22 * * MON-FRI for 8h\"}");
        }
        if (jobs().latest(run).map(e -> e.getBatchStatus() == BatchStatus.COMPLETED).orElse(false)) {
            throw RunsApiException.conflict("run " + run + " is complete: it needs no window");
        }
        ZoneId zone = ExperimentConfigLoader.loadRecorded(store.configFile(run)).experiment().timeZone();
        BatchWindow window;
        try {
            window = BatchWindow.parse(change.window(), zone);
        } catch (InvalidWindowException e) {
            throw RunsApiException.badRequest(e.getMessage());
        }
        windowedRuns.queue(run, window);
        LOG.info(() -> "run " + run + " now works only inside the window " + window);
        return view(run);
    }

    /** Takes the run's window away; its job is left as it is (a waiting run shows STOPPED: restart it to go on). */
    public synchronized RunView clearWindow(String runId) {
        RunId run = existing(runId);
        jobs();
        windowedRuns.withdraw(run);
        try {
            RunWindows.clear(store, run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot forget the window of run " + run, e);
        }
        return view(run);
    }

    public RunList list() {
        try {
            return listOf(store.runs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the runs under " + store.root(), e);
        }
    }

    public RunList runsOf(String userId) {
        UserId user;
        try {
            user = new UserId(userId);
        } catch (InvalidUserIdException e) {
            throw RunsApiException.badRequest(e.getMessage());
        }
        try {
            return listOf(store.runsOf(user));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the runs of user " + userId + " under " + store.root(), e);
        }
    }

    public RunView view(String runId) {
        return view(existing(runId));
    }

    /**
     * The run's summary, as {@code batchlab results RUN_ID --json} writes it. It reads every user's results (tens of
     * seconds at a million users), so it is kept until status.json changes: the job changes it with every result.
     */
    public JsonObject results(String runId) {
        RunId run = existing(runId);
        try {
            FileTime statusTime = Files.getLastModifiedTime(store.statusFile(run));
            CachedSummary cached = summaries.get(run);
            if (cached != null && cached.statusTime().equals(statusTime)) {
                return cached.summary();
            }
            JsonObject summary = RunSummaries.of(store, run).toJson();
            summaries.put(run, new CachedSummary(statusTime, summary));
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot summarise run " + run, e);
        }
    }

    /**
     * The run's export in the named format. Every results.json is read once before anything is sent (a broken one is
     * an error response, not a download cut short that some clients would take for complete); the rows are then read
     * again while they are written to the caller, so memory does not grow with the run.
     */
    public RunDownload export(String runId, String formatName) {
        RunId run = existing(runId);
        ExportFormat format;
        try {
            format = ExportFormat.parse(formatName);
        } catch (IllegalArgumentException e) {
            throw RunsApiException.badRequest("query parameter format: " + e.getMessage());
        }
        try {
            RunExport.check(store, run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export run " + run, e);
        }
        // Parquet too goes straight to the response: its writer only appends and counts what it wrote
        return new RunDownload(run + "." + format.label(), format, out -> RunExport.write(store, run,
                format.open(out)));
    }

    /** A page of the run's users with where each stands ({@link UserProgress}). */
    public JsonObject usersPage(String runId, long offset, int limit) {
        RunId run = existing(runId);
        try {
            return UserProgress.page(store, run, offset, limit);
        } catch (IllegalArgumentException e) {
            throw RunsApiException.badRequest("query parameters: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users of run " + run, e);
        }
    }

    /** The run's config.yaml as it was recorded when the run was created (it holds no secret: keys come from config sources). */
    public RunConfigView config(String runId) {
        RunId run = existing(runId);
        try {
            return new RunConfigView(run.toString(), Files.readString(store.configFile(run), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config of run " + run, e);
        }
    }

    /** The run's counts over time, at most {@code maxPoints} samples. */
    public CountsHistoryView history(String runId, int maxPoints) {
        RunId run = existing(runId);
        try {
            return new CountsHistoryView(run.toString(), CountsHistory.read(store, run, Math.max(2, Math.min(maxPoints, 1000))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history of run " + run, e);
        }
    }

    /** The user's runs, each with the first page of the user's requests and their answers or errors ({@link UserAnswers}). */
    public JsonObject user(String userId) {
        UserId user = knownUser(userId);
        try {
            List<RunId> runs = store.runsOf(user);
            if (runs.isEmpty()) {
                throw RunsApiException.notFound("no user " + user.value() + " in any run under " + store.root());
            }
            return UserAnswers.of(store, user, runs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runs of user " + user.value(), e);
        }
    }

    /** A page of the user's requests in one run, with the answer or error of each; at most {@link Page#MAX_LIMIT}. */
    public JsonObject userRequests(String userId, String runId, long offset, int limit) {
        UserId user = knownUser(userId);
        RunId run = existing(runId);
        Page page;
        try {
            page = new Page(offset, limit);
        } catch (IllegalArgumentException e) {
            throw RunsApiException.badRequest("query parameters: " + e.getMessage());
        }
        try {
            if (!store.runsOf(user).contains(run)) {
                throw RunsApiException.notFound("no user " + user.value() + " in run " + run);
            }
            return UserAnswers.page(store, user, run, page);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the requests of user " + user.value() + " in run " + run, e);
        }
    }

    private static UserId knownUser(String userId) {
        try {
            return new UserId(userId);
        } catch (InvalidUserIdException e) {
            throw RunsApiException.notFound("no user " + userId + ": " + e.getMessage());
        }
    }

    /** Asks the run's running job execution to stop at its next checkpoint or poll. */
    public synchronized RunView stop(String runId) {
        RunId run = existing(runId);
        try {
            actions.stop(run);
        } catch (RunStateException e) {
            throw RunsApiException.conflict(e.getMessage());
        }
        return view(run);
    }

    /**
     * Continues a stopped or failed run from its checkpoints; a run whose job never ran here (or was abandoned)
     * gets a fresh execution, which is equally safe: the job submits nobody twice.
     */
    public synchronized RunView restart(String runId, String maxCost) {
        RunId run = existing(runId);
        Properties parameters = new Properties();
        if (maxCost != null) {
            try {
                // this execution's cap (config.yaml stays the run's record), as batchlab restart --max-cost
                parameters.setProperty(JobProperties.MAX_COST, CostAmount.parse(maxCost).toPlainString());
            } catch (IllegalArgumentException e) {
                throw RunsApiException.badRequest("query parameter max_cost: " + e.getMessage());
            }
        }
        OptionalLong execution;
        try {
            execution = actions.restart(run, parameters);
        } catch (RunStateException | BatchRuntimeException e) {
            throw RunsApiException.conflict("run " + run + " cannot be restarted now: " + e.getMessage());
        }
        execution.ifPresent(id -> {
            LOG.info(() -> "run " + run + " continues in job execution " + id);
            recordExecution(run, id);
        });
        return view(run);
    }

    /**
     * Asks again only the unanswered requests of the run's partial and failed users (the retry job); nothing missing:
     * nothing starts.
     */
    public synchronized RetryView retry(String runId) {
        RunId run = existing(runId);
        RetryStart retry;
        try {
            retry = actions.retry(run);
        } catch (RunStateException | BatchRuntimeException e) {
            throw RunsApiException.conflict("run " + run + " cannot be retried now: " + e.getMessage());
        }
        RetryPlan plan = retry.plan();
        if (plan.nothingMissing()) {
            return new RetryView(run.toString(), 0, 0, null, "nothing is missing: every user is complete or skipped; "
                    + "nothing was submitted", false);
        }
        Long execution = retry.execution().isPresent() ? retry.execution().getAsLong() : null;
        LOG.info(() -> "run " + run + ": asking again " + plan.requests() + " requests of " + plan.users()
                + " users" + (execution == null ? "" : " in job execution " + execution));
        if (execution != null) {
            recordExecution(run, execution);
        }
        return new RetryView(run.toString(), plan.users(), plan.requests(), execution, "asking again "
                + plan.requests() + " unanswered requests of " + plan.users() + " users"
                + (plan.inFlight() > 0 ? ", and collecting " + plan.inFlight() + " earlier attempts" : ""), true);
    }

    private RunView view(RunId run) {
        try {
            List<JobExecutionView> executions = actions.executions(run).stream().map(JobExecutionView::of).toList();
            // the recorded text only: a view must not depend on the config's input still being where it was
            String window = RunWindows.expression(store, run).orElse(null);
            return new RunView(run.toString(), RunStatusStore.read(store, run), window, executions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of run " + run, e);
        }
    }

    /** The server's job runtime; none for {@link #local} operations, which say what to use instead. */
    private RunJobs jobs() {
        if (jobs == null) {
            throw RunsApiException.forbidden("batchlab serve stops, restarts and retries runs; create runs and give "
                    + "them windows with batchlab run CONFIG [--window WINDOW], or on the server");
        }
        return jobs;
    }

    private RunId existing(String runId) {
        RunId run;
        try {
            run = RunId.parse(runId);
        } catch (IllegalArgumentException e) {
            throw RunsApiException.notFound("no run " + runId + ": " + e.getMessage());
        }
        if (!store.exists(run) || !Files.exists(store.statusFile(run))) {
            throw RunsApiException.notFound("no run " + run + " under " + store.root() + " (GET /api/runs lists them)");
        }
        return run;
    }

    /** At once, so the run's executions are known before its job's first listener writes the id itself. */
    private void recordExecution(RunId run, long execution) {
        // status.json's times are local times of the experiment's zone, as the job writes them
        ZoneId zone = ExperimentConfigLoader.loadRecorded(store.configFile(run)).experiment().timeZone();
        try {
            new RunStatusStore(store, Clock.systemDefaultZone(), zone)
                    .update(run, status -> status.withJobExecutionId(execution));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record job execution " + execution + " of run " + run, e);
        }
    }

    private RunList listOf(List<RunId> runs) throws IOException {
        List<RunStatus> found = new ArrayList<>();
        Map<String, String> windows = new TreeMap<>();
        for (RunId run : runs) {
            // A run being created has no status.json for a moment.
            if (Files.exists(store.statusFile(run))) {
                found.add(RunStatusStore.read(store, run));
                RunWindows.expression(store, run).ifPresent(window -> windows.put(run.toString(), window));
            }
        }
        return new RunList(found, windows);
    }


}
