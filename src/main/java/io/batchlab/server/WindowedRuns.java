package io.batchlab.server;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.control.JobOperatorRunController;
import io.batchlab.control.RunJobs;
import io.batchlab.control.RunLease;
import io.batchlab.control.RunLeaseException;
import io.batchlab.control.WindowScheduler;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.ExperimentsRoot;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatusStore;
import io.batchlab.window.BatchWindow;
import io.batchlab.window.InvalidWindowException;
import io.batchlab.window.RunWindows;
import io.batchlab.window.WindowSetting;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Windowed runs on an application server (WildFly): the server's {@link ManagedScheduledExecutorService} runs the
 * {@link WindowScheduler}'s ticks at the times a {@link WindowTrigger} names, and the standard JobOperator starts,
 * stops and restarts the jobs — the same decisions as {@code batchlab run --window} in Java SE. When nodes share the
 * runs (database leases), a node schedules only the runs whose lease it holds, so one node arms each run's window.
 */
@ApplicationScoped
public class WindowedRuns {

    private static final Logger LOG = Logger.getLogger(WindowedRuns.class.getName());
    private static final Duration POLL = Duration.ofSeconds(1);
    /**
     * How often runs that wait for their window are looked for: after a restart of the server, and runs whose job
     * found its window closed when started from the console, jboss-cli or JMX.
     */
    private static final Duration RESCAN = Duration.ofSeconds(10);
    private static final Set<State> WAITING = EnumSet.of(State.QUEUED, State.WAITING);

    @Resource
    ManagedScheduledExecutorService executor;

    private ExperimentStore store;
    private JobOperatorRunController controller;
    private WindowScheduler scheduler;
    private ScheduledFuture<?> ticking;
    private ScheduledFuture<?> rescan;
    /** With leases shared across nodes: the leases of the runs on this node's schedule. */
    private final Map<RunId, RunLease> windowLeases = new HashMap<>();

    /** Looks for runs waiting for a window now and every {@link #RESCAN} (called once the application is deployed). */
    synchronized void startTakingUpWaitingRuns() {
        if (rescan == null) {
            rescan = executor.scheduleWithFixedDelay(this::takeUpWaitingRuns, 0, RESCAN.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @PostConstruct
    void init() {
        try {
            store = ExperimentStore.open(ExperimentsRoot.resolve(null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the experiments root: " + e.getMessage(), e);
        }
        controller = new JobOperatorRunController(RunJobs.deployed(BatchRuntime.getJobOperator(), store),
                new Properties());
        scheduler = new WindowScheduler(Clock.systemDefaultZone(), controller, store, POLL);
    }

    /**
     * Queues a created run for its window: {@code explicitWindow} if given, else its config.yaml's window, else
     * MicroProfile Config {@value WindowSetting#CONFIG_KEY}.
     *
     * @throws InvalidWindowException     for a bad expression
     * @throws IllegalArgumentException   when no window applies to the run
     */
    public synchronized BatchWindow queue(RunId run, String explicitWindow) throws IOException {
        ExperimentConfig config = ExperimentConfigLoader.loadRecorded(store.configFile(run));
        BatchWindow window = WindowSetting.choose(explicitWindow, config.window(), config.experiment().timeZone())
                .orElseThrow(() -> new IllegalArgumentException("run " + run + " has no window: give one, or set"
                        + " window in its config.yaml or " + WindowSetting.CONFIG_KEY + " in MicroProfile Config"));
        queue(run, window);
        return window;
    }

    /** Queues the run for {@code window}, replacing a window it had. */
    public synchronized void queue(RunId run, BatchWindow window) {
        leaseForWindow(run);
        scheduler.withdraw(run);
        scheduler.queue(run, window);
        reschedule();
    }

    /**
     * With leases shared across nodes, the node that arms a run's window holds the run's lease while the run is on
     * its schedule (its executions join that lease).
     *
     * @throws RunLeaseException when another node holds the run
     */
    private void leaseForWindow(RunId run) {
        if (windowLeases.containsKey(run) || !RunLease.sharedAcrossNodes(store)) {
            return;
        }
        try {
            windowLeases.put(run, RunLease.forProcess(store, run));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot take the lease of run " + run + ": " + e.getMessage(), e);
        }
    }

    /** Lets go of the leases of runs that left the schedule. */
    private void releaseWindowLeases() {
        windowLeases.entrySet().removeIf(entry -> {
            if (scheduler.isScheduled(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
    }

    /**
     * Takes up every run that waits for a window (status.json QUEUED or WAITING, its window recorded with the run)
     * and is not on the schedule yet.
     */
    synchronized void takeUpWaitingRuns() {
        List<RunId> runs;
        try {
            runs = store.runs();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list the runs to find those waiting for a window", e);
            return;
        }
        boolean queued = false;
        for (RunId run : runs) {
            try {
                if (scheduler.isScheduled(run) || !Files.exists(store.statusFile(run))
                        || !WAITING.contains(RunStatusStore.read(store, run).state())) {
                    continue;
                }
                ZoneId zone = ExperimentConfigLoader.loadRecorded(store.configFile(run)).experiment().timeZone();
                Optional<BatchWindow> window = RunWindows.read(store, run, zone);
                if (window.isPresent()) {
                    try {
                        leaseForWindow(run);
                    } catch (RunLeaseException armedByAnotherNode) {
                        continue;
                    }
                    scheduler.queue(run, window.get());
                    queued = true;
                    LOG.info(() -> "run " + run + " waits for its window " + window.get() + ": scheduled");
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot take up run " + run + " for its window", e);
            }
        }
        if (queued) {
            reschedule();
        }
    }

    /** Takes a run off the schedule (its job is left as it is). */
    public synchronized void withdraw(RunId run) {
        scheduler.withdraw(run);
        releaseWindowLeases();
    }

    public boolean isScheduled(RunId run) {
        return scheduler.isScheduled(run);
    }

    /** The run's latest job execution started by a window, if any. */
    public Optional<Long> latestExecution(RunId run) {
        return Optional.ofNullable(controller.latestExecution(run));
    }

    /** A new run may be due earlier than the pending tick, so the trigger starts over. */
    private void reschedule() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        ticking = executor.schedule(this::tick, new WindowTrigger(scheduler));
    }

    private synchronized void tick() {
        try {
            scheduler.tick();
            releaseWindowLeases();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "window scheduler tick failed; trying again at the next one", e);
        }
    }

    @PreDestroy
    synchronized void stopTicking() {
        if (ticking != null) {
            ticking.cancel(false);
        }
        if (rescan != null) {
            rescan.cancel(false);
        }
        windowLeases.values().forEach(RunLease::close);
        windowLeases.clear();
    }
}
