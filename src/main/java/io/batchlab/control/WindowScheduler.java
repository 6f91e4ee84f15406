package io.batchlab.control;

import io.batchlab.control.RunController.JobState;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatusStore;
import io.batchlab.window.BatchWindow;
import io.batchlab.window.RunWindows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Keeps windowed runs inside their windows. Each {@link #tick()} compares, for every queued run, whether its window is
 * open now with the state of its job, and acts: starts a queued run or restarts one the window stopped when the window
 * is open, stops a running one when it is closed. Decisions depend only on the clock and the job's state (not on
 * having seen an opening or closing happen), so a late or missed tick does no harm. status.json shows a run that
 * waits as QUEUED (never started) or WAITING (stopped at a close) with its {@code next_window}.
 * A run leaves the schedule when its job completes or fails, or is stopped by someone other than its window.
 */
public final class WindowScheduler {

    /** What a tick did for one run. */
    public enum Decision {
        /** The window is closed and the run never started. */
        QUEUED,
        STARTED,
        /** The window is open and the job runs. */
        RUNNING,
        /** The window closed: the job was asked to stop, or is still stopping. */
        STOPPING,
        /** The window stopped the job; it waits for the next opening. */
        WAITING,
        RESTARTED,
        /** The job completed, failed or was stopped by an operator, or could not be started: no longer scheduled. */
        DONE
    }

    private static final Logger LOG = Logger.getLogger(WindowScheduler.class.getName());

    private final Clock clock;
    private final RunController controller;
    private final ExperimentStore store;
    private final Duration poll;
    private final Map<RunId, Entry> runs = new LinkedHashMap<>();

    private static final class Entry {
        final BatchWindow window;
        boolean stoppedByWindow;
        Decision last = Decision.QUEUED;

        Entry(BatchWindow window) {
            this.window = window;
        }
    }

    /** @param poll how soon to look again at a job that is stopping or running (to notice its end) */
    public WindowScheduler(Clock clock, RunController controller, ExperimentStore store, Duration poll) {
        this.clock = clock;
        this.controller = controller;
        this.store = store;
        this.poll = poll;
    }

    /**
     * Puts a run on the schedule and records the window with the run (so another process, or this one after a
     * restart, can take it up again). A run that never started starts at the next tick inside its window; one whose
     * job a window stopped before resumes from its checkpoints; a running one is stopped when its window is closed.
     */
    public synchronized void queue(RunId run, BatchWindow window) {
        if (runs.containsKey(run)) {
            throw new IllegalStateException("run " + run + " is already queued for a window");
        }
        try {
            RunWindows.write(store, run, window);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the window of run " + run, e);
        }
        Entry entry = new Entry(window);
        JobState state = controller.state(run);
        entry.stoppedByWindow = state == JobState.STOPPED;
        runs.put(run, entry);
        if (state == JobState.NOT_STARTED) {
            showWaiting(run, window, State.QUEUED);
        } else if (state == JobState.STOPPED) {
            update(run, status -> status.withState(status.state() == State.QUEUED ? State.QUEUED : State.WAITING)
                    .withNextWindow(nextWindow(window)));
        }
    }

    /**
     * Takes a run off the schedule and forgets its window (an operator stops it, or takes the window away); its job
     * is left as it is. A run that was waiting for a window is shown STOPPED.
     */
    public synchronized void withdraw(RunId run) {
        if (runs.containsKey(run)) {
            try {
                RunWindows.clear(store, run);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot forget the window of run " + run, e);
            }
            update(run, status -> {
                boolean waiting = status.state() == State.QUEUED || status.state() == State.WAITING;
                return (waiting ? status.withState(State.STOPPED) : status).withNextWindow(null);
            });
            runs.remove(run);
        }
    }

    public synchronized boolean isScheduled(RunId run) {
        return runs.containsKey(run);
    }

    /** Acts on every scheduled run for the current time; returns what it did, per run. */
    public synchronized Map<RunId, Decision> tick() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        Map<RunId, Decision> decisions = new LinkedHashMap<>();
        for (Map.Entry<RunId, Entry> scheduled : List.copyOf(runs.entrySet())) {
            RunId run = scheduled.getKey();
            Entry entry = scheduled.getValue();
            Decision decision;
            try {
                decision = decide(run, entry, now);
            } catch (RuntimeException e) {
                LOG.warning(() -> "run " + run + " leaves its window schedule: " + e);
                recordFailure(run, e);
                decision = Decision.DONE;
            }
            entry.last = decision;
            if (decision == Decision.DONE) {
                runs.remove(run);
            }
            decisions.put(run, decision);
        }
        return decisions;
    }

    private Decision decide(RunId run, Entry entry, ZonedDateTime now) {
        boolean open = entry.window.isOpen(now);
        JobState state = controller.state(run);
        switch (state) {
            case COMPLETED, FAILED -> {
                update(run, status -> status.withNextWindow(null));
                return Decision.DONE;
            }
            case NOT_STARTED -> {
                if (!open) {
                    showWaiting(run, entry.window, State.QUEUED);
                    return Decision.QUEUED;
                }
                update(run, status -> status.withNextWindow(null));
                LOG.info(() -> "window " + entry.window + " is open: starting run " + run);
                controller.start(run);
                return Decision.STARTED;
            }
            case STOPPED -> {
                if (!entry.stoppedByWindow && !stoppedAtTheGate(run)) {
                    update(run, status -> status.withNextWindow(null));
                    return Decision.DONE;
                }
                if (!open) {
                    showWaiting(run, entry.window, State.WAITING);
                    return Decision.WAITING;
                }
                update(run, status -> status.withNextWindow(null));
                LOG.info(() -> "window " + entry.window + " is open: restarting run " + run + " from its checkpoints");
                entry.stoppedByWindow = false;
                controller.restart(run);
                return Decision.RESTARTED;
            }
            case STOPPING -> {
                return Decision.STOPPING;
            }
            case RUNNING -> {
                if (open) {
                    return Decision.RUNNING;
                }
                LOG.info(() -> "window " + entry.window + " closed: stopping run " + run + " at its next checkpoint");
                entry.stoppedByWindow = true;
                controller.stop(run);
                update(run, status -> status.withNextWindow(nextWindow(entry.window)));
                return Decision.STOPPING;
            }
            default -> throw new IllegalStateException("unknown job state " + state);
        }
    }

    /**
     * When to tick next: the next opening of a waiting run, the next closing of a running one, or soon when a job is
     * changing state or its end must be noticed. Empty when nothing is scheduled.
     */
    public synchronized Optional<ZonedDateTime> nextCheck() {
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime soon = now.plus(poll);
        return runs.values().stream().map(entry -> switch (entry.last) {
            case QUEUED, WAITING -> entry.window.isOpen(now) ? now : entry.window.nextOpening(now).orElse(soon);
            case RUNNING, STARTED, RESTARTED -> entry.window.nextClosing(now).filter(soon::isAfter).orElse(soon);
            case STOPPING, DONE -> soon;
        }).min(ZonedDateTime::compareTo);
    }

    /**
     * Whether the job's window-gate step stopped it, finding the window closed (status.json shows it waiting for
     * its next window): a job this schedule did not stop itself, e.g. one another node's run was continued with here
     * after that node died, which the gate stopped before this schedule's first tick.
     */
    private boolean stoppedAtTheGate(RunId run) {
        try {
            RunStatus status = RunStatusStore.read(store, run);
            return (status.state() == State.QUEUED || status.state() == State.WAITING) && status.nextWindow() != null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status of run " + run, e);
        }
    }

    private void showWaiting(RunId run, BatchWindow window, State state) {
        String next = nextWindow(window);
        update(run, status -> status.withState(state).withNextWindow(next));
    }

    private String nextWindow(BatchWindow window) {
        return window.describeNext(ZonedDateTime.now(clock));
    }

    /** Best effort: the other runs' ticks must go on even if this status cannot be written. */
    private void recordFailure(RunId run, RuntimeException failure) {
        try {
            update(run, status -> status.withLastError("window scheduler: " + failure.getMessage())
                    .withNextWindow(null));
        } catch (UncheckedIOException e) {
            LOG.warning(() -> "cannot record the failure in run " + run + "'s status: " + e.getMessage());
        }
    }

    private void update(RunId run, UnaryOperator<RunStatus> change) {
        // status.json times are local times of the experiment's zone, which is the window's zone
        RunStatusStore statuses = new RunStatusStore(store, clock, runs.get(run).window.zone());
        try {
            statuses.update(run, change);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the status of run " + run, e);
        }
    }
}
