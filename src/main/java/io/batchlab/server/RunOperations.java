package io.batchlab.server;

import io.batchlab.config.ConfigException;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.job.JobProperties;
import io.batchlab.job.RunContext;
import io.batchlab.job.RunCreator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.ExperimentsRoot;
import io.batchlab.input.InputException;
import io.batchlab.store.InvalidUserIdException;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFileException;
import jakarta.annotation.PostConstruct;
import jakarta.batch.operations.BatchRuntimeException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What the runs API does, on the experiments root of MicroProfile Config {@value ExperimentsRoot#CONFIG_KEY} (or
 * {@value ExperimentsRoot#ENV_VARIABLE}) with the standard JobOperator: creates runs, reads their status.json and job
 * executions, starts, stops and restarts their jobs. Failures are {@link RunsApiException}s with the HTTP status.
 */
@ApplicationScoped
public class RunOperations {

    private static final Logger LOG = Logger.getLogger(RunOperations.class.getName());
    private static final Set<BatchStatus> RUNNING =
            Set.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);

    private ExperimentStore store;
    private RunStatusStore statuses;
    private JobOperator operator;

    @PostConstruct
    void open() {
        Path root = ExperimentsRoot.resolve(null);
        try {
            store = ExperimentStore.open(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the experiments root " + root.toAbsolutePath() + " (set "
                    + ExperimentsRoot.CONFIG_KEY + " or " + ExperimentsRoot.ENV_VARIABLE + ")", e);
        }
        // For reading only: the zone matters just for the times a change stamps.
        statuses = new RunStatusStore(store, Clock.systemDefaultZone(), ZoneId.systemDefault());
        operator = BatchRuntime.getJobOperator();
    }

    /** Creates the run (every config problem before anything starts) and starts its job. */
    public RunView create(NewRun request) {
        NewRunSource source = NewRunSource.of(request);
        RunId run;
        try (RunContext created = RunCreator.create(store, source.load(), source.users())) {
            run = created.runId();
        } catch (ConfigException e) {
            throw RunsApiException.badConfig(source.configName(), e);
        } catch (IllegalArgumentException | UsersFileException | InputException e) {
            throw RunsApiException.badRequest("cannot create a run from " + source.configName() + ": "
                    + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run under " + store.root() + ": " + e.getMessage(), e);
        }
        long execution = operator.start(JobProperties.JOB_NAME, JobProperties.forRun(run));
        LOG.info(() -> "run " + run + " created from " + source.configName() + ", job execution " + execution);
        recordExecution(run, execution);
        return view(run);
    }

    public RunList list() {
        try {
            return new RunList(statusesOf(store.runs()));
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
            return new RunList(statusesOf(store.runsOf(user)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the runs of user " + userId + " under " + store.root(), e);
        }
    }

    public RunView view(String runId) {
        return view(existing(runId));
    }

    /** Asks the run's running job execution to stop at its next checkpoint or poll. */
    public synchronized RunView stop(String runId) {
        RunId run = existing(runId);
        JobExecution latest = latestExecution(run).orElseThrow(() -> RunsApiException.conflict(
                "run " + run + " is not running: it has no job execution"));
        BatchStatus status = latest.getBatchStatus();
        if (status == BatchStatus.STARTING || status == BatchStatus.STARTED) {
            LOG.info(() -> "stopping run " + run + " (job execution " + latest.getExecutionId() + ")");
            operator.stop(latest.getExecutionId());
        } else if (status != BatchStatus.STOPPING) {
            throw RunsApiException.conflict("run " + run + " is not running: its job execution "
                    + latest.getExecutionId() + " is " + status);
        }
        return view(run);
    }

    /**
     * Continues a stopped or failed run from its checkpoints; a run whose job never ran here (or was abandoned)
     * gets a fresh execution, which is equally safe: the job submits nobody twice.
     */
    public synchronized RunView restart(String runId) {
        RunId run = existing(runId);
        Optional<JobExecution> latest = latestExecution(run);
        long execution;
        try {
            if (latest.isEmpty() || latest.get().getBatchStatus() == BatchStatus.ABANDONED) {
                execution = operator.start(JobProperties.JOB_NAME, JobProperties.forRun(run));
            } else {
                JobExecution last = latest.get();
                if (RUNNING.contains(last.getBatchStatus())) {
                    throw RunsApiException.conflict("run " + run + " is already running: job execution "
                            + last.getExecutionId() + " is " + last.getBatchStatus() + "; stop it first");
                }
                if (last.getBatchStatus() == BatchStatus.COMPLETED) {
                    throw RunsApiException.conflict("run " + run + " is already complete: job execution "
                            + last.getExecutionId() + " COMPLETED");
                }
                execution = operator.restart(last.getExecutionId(), JobProperties.forRun(run));
            }
        } catch (BatchRuntimeException e) {
            throw RunsApiException.conflict("run " + run + " cannot be restarted now: " + e.getMessage());
        }
        LOG.info(() -> "run " + run + " continues in job execution " + execution);
        recordExecution(run, execution);
        return view(run);
    }

    private RunView view(RunId run) {
        try {
            List<JobExecutionView> executions = executionsOf(run).stream().map(JobExecutionView::of).toList();
            return new RunView(run.toString(), statuses.read(run), executions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of run " + run, e);
        }
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

    /** The job executions of the run's job instance, oldest first; none when the job repository does not know it. */
    private List<JobExecution> executionsOf(RunId run) throws IOException {
        Long recorded = statuses.read(run).jobExecutionId();
        if (recorded == null) {
            return List.of();
        }
        try {
            List<JobExecution> executions = new ArrayList<>(
                    operator.getJobExecutions(operator.getJobInstance(recorded)));
            executions.sort(Comparator.comparingLong(JobExecution::getExecutionId));
            return executions;
        } catch (NoSuchJobExecutionException e) {
            LOG.fine(() -> "run " + run + " names job execution " + recorded + ", unknown to this job repository");
            return List.of();
        }
    }

    private Optional<JobExecution> latestExecution(RunId run) {
        try {
            List<JobExecution> executions = executionsOf(run);
            return executions.isEmpty() ? Optional.empty() : Optional.of(executions.get(executions.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of run " + run, e);
        }
    }

    /** At once, so the run's executions are known before its job's first listener writes the id itself. */
    private void recordExecution(RunId run, long execution) {
        // status.json's times are local times of the experiment's zone, as the job writes them
        ZoneId zone = ExperimentConfigLoader.load(store.configFile(run)).experiment().timeZone();
        try {
            new RunStatusStore(store, Clock.systemDefaultZone(), zone)
                    .update(run, status -> status.withJobExecutionId(execution));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record job execution " + execution + " of run " + run, e);
        }
    }

    private List<RunStatus> statusesOf(List<RunId> runs) throws IOException {
        List<RunStatus> found = new ArrayList<>();
        for (RunId run : runs) {
            // A run being created has no status.json for a moment.
            if (Files.exists(store.statusFile(run))) {
                found.add(statuses.read(run));
            }
        }
        return found;
    }


}
