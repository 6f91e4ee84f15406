package io.batchlab.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.control.RunController.JobState;
import io.batchlab.control.WindowScheduler.Decision;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.MutableClock;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatusStore;
import io.batchlab.window.BatchWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowSchedulerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final BatchWindow WEEKDAY_NIGHTS = BatchWindow.parse("0 22 * * MON-FRI for 8h", BERLIN);
    private static final Duration POLL = Duration.ofSeconds(1);

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(at("2026-11-23T12:00:00").toInstant(), BERLIN);
    private final RecordingRunController controller = new RecordingRunController();
    private ExperimentStore store;
    private RunStatusStore statuses;
    private WindowScheduler scheduler;
    private RunId run;

    /** 2026-11-23 is a Monday. */
    private static ZonedDateTime at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN);
    }

    @BeforeEach
    void createRun() throws IOException {
        store = ExperimentStore.open(root);
        statuses = new RunStatusStore(store, clock, BERLIN);
        run = store.allocateRun("CT", "M1", LocalDate.of(2026, 11, 23));
        statuses.create(run, "windowed");
        scheduler = new WindowScheduler(clock, controller, store, POLL);
    }

    private void timeIs(String localDateTime) {
        clock.set(at(localDateTime).toInstant());
    }

    private RunStatus status() throws IOException {
        return RunStatusStore.read(store, run);
    }

    @Test
    void aQueuedRunDoesNotStartBeforeItsWindowAndShowsItsNextWindow() throws IOException {
        // given
        scheduler.queue(run, WEEKDAY_NIGHTS);

        // when
        timeIs("2026-11-23T21:59:59");
        Map<RunId, Decision> decisions = scheduler.tick();

        // then
        assertThat(decisions).containsEntry(run, Decision.QUEUED);
        assertThat(controller.calls).isEmpty();
        assertThat(status().state()).isEqualTo(State.QUEUED);
        assertThat(status().nextWindow()).isEqualTo("2026-11-23T22:00+01:00/2026-11-24T06:00+01:00");
    }

    @Test
    void aQueuedRunStartsWhenItsWindowOpens() throws IOException {
        // given
        scheduler.queue(run, WEEKDAY_NIGHTS);
        scheduler.tick();

        // when
        timeIs("2026-11-23T22:00:00");
        Map<RunId, Decision> decisions = scheduler.tick();

        // then
        assertThat(decisions).containsEntry(run, Decision.STARTED);
        assertThat(controller.calls).containsExactly("start " + run);
        assertThat(status().nextWindow()).isNull();
    }

    @Test
    void aClosingWindowStopsTheJobWhichRestartsOnceAtTheNextOpening() throws IOException {
        // given: started in Monday night's window
        scheduler.queue(run, WEEKDAY_NIGHTS);
        timeIs("2026-11-23T23:00:00");
        scheduler.tick();

        // when: the window closes, the job stops at its checkpoint, time passes, the next window opens
        timeIs("2026-11-24T06:00:00");
        Decision atClose = scheduler.tick().get(run);
        controller.jobReaches(run, JobState.STOPPED);
        timeIs("2026-11-24T06:00:01");
        Decision stopped = scheduler.tick().get(run);
        RunStatus waiting = status();
        timeIs("2026-11-24T15:00:00");
        Decision meanwhile = scheduler.tick().get(run);
        timeIs("2026-11-24T22:00:00");
        Decision atOpening = scheduler.tick().get(run);
        timeIs("2026-11-24T22:00:01");
        Decision after = scheduler.tick().get(run);

        // then
        assertThat(atClose).isEqualTo(Decision.STOPPING);
        assertThat(stopped).isEqualTo(Decision.WAITING);
        assertThat(waiting.state()).isEqualTo(State.WAITING);
        assertThat(waiting.nextWindow()).isEqualTo("2026-11-24T22:00+01:00/2026-11-25T06:00+01:00");
        assertThat(meanwhile).isEqualTo(Decision.WAITING);
        assertThat(atOpening).isEqualTo(Decision.RESTARTED);
        assertThat(after).isEqualTo(Decision.RUNNING);
        assertThat(controller.calls).containsExactly("start " + run, "stop " + run, "restart " + run);
        assertThat(status().nextWindow()).isNull();
    }

    @Test
    void aStatusRewrittenAsStoppedByTheJobIsShownAsWaitingAgainAtTheNextTick() throws IOException {
        // given: the window stopped the job
        scheduler.queue(run, WEEKDAY_NIGHTS);
        timeIs("2026-11-23T23:00:00");
        scheduler.tick();
        timeIs("2026-11-24T06:00:00");
        scheduler.tick();
        controller.jobReaches(run, JobState.STOPPED);
        scheduler.tick();

        // when: the job's own listener writes STOPPED after the scheduler wrote WAITING
        statuses.update(run, status -> status.withState(State.STOPPED));
        scheduler.tick();

        // then
        assertThat(status().state()).isEqualTo(State.WAITING);
    }

    @Test
    void aRunThatCompletesLeavesTheScheduleAndIsNeverStartedAgain() throws IOException {
        // given
        scheduler.queue(run, WEEKDAY_NIGHTS);
        timeIs("2026-11-23T23:00:00");
        scheduler.tick();

        // when
        controller.jobReaches(run, JobState.COMPLETED);
        timeIs("2026-11-23T23:30:00");
        Decision done = scheduler.tick().get(run);
        timeIs("2026-11-24T23:00:00");
        Map<RunId, Decision> nextNight = scheduler.tick();

        // then
        assertThat(done).isEqualTo(Decision.DONE);
        assertThat(scheduler.isScheduled(run)).isFalse();
        assertThat(nextNight).isEmpty();
        assertThat(controller.calls).containsExactly("start " + run);
    }

    @Test
    void aRunStoppedByAnOperatorInsideItsWindowIsNotRestartedByTheWindow() {
        // given
        scheduler.queue(run, WEEKDAY_NIGHTS);
        timeIs("2026-11-23T23:00:00");
        scheduler.tick();

        // when: someone else stopped it ('batchlab stop')
        controller.jobReaches(run, JobState.STOPPED);
        timeIs("2026-11-23T23:30:00");
        Decision decision = scheduler.tick().get(run);

        // then
        assertThat(decision).isEqualTo(Decision.DONE);
        assertThat(controller.calls).containsExactly("start " + run);
    }

    @Test
    void aJobRunningWhenQueuedThatItsWindowGateStopsIsRestartedAtTheOpening() throws IOException {
        // given: a run continued here after its node died, queued while its job starts outside the window
        controller.jobReaches(run, JobState.RUNNING);
        scheduler.queue(run, WEEKDAY_NIGHTS);

        // when: the job's window gate finds the window closed, shows the run waiting and stops
        statuses.update(run, status -> status.withState(RunStatus.State.WAITING)
                .withNextWindow(WEEKDAY_NIGHTS.describeNext(ZonedDateTime.now(clock))));
        controller.jobReaches(run, JobState.STOPPED);
        Decision beforeOpening = scheduler.tick().get(run);
        timeIs("2026-11-23T22:00:00");
        Decision atOpening = scheduler.tick().get(run);

        // then
        assertThat(beforeOpening).isEqualTo(Decision.WAITING);
        assertThat(atOpening).isEqualTo(Decision.RESTARTED);
        assertThat(controller.calls).containsExactly("restart " + run);
    }

    @Test
    void aMissedOpeningDoesNoHarmDecisionsFollowTheClockNotEvents() {
        // given: no tick during Monday night at all
        scheduler.queue(run, WEEKDAY_NIGHTS);

        // when
        timeIs("2026-11-24T12:00:00");
        Decision betweenWindows = scheduler.tick().get(run);
        timeIs("2026-11-25T01:00:00");
        Decision insideTheNext = scheduler.tick().get(run);

        // then
        assertThat(betweenWindows).isEqualTo(Decision.QUEUED);
        assertThat(insideTheNext).isEqualTo(Decision.STARTED);
        assertThat(controller.calls).containsExactly("start " + run);
    }

    @Test
    void theNextCheckIsTheOpeningForAWaitingRunAndSoonForARunningOne() {
        // given
        assertThat(scheduler.nextCheck()).isEmpty();
        scheduler.queue(run, WEEKDAY_NIGHTS);

        // when / then
        assertThat(scheduler.nextCheck()).contains(at("2026-11-23T22:00:00"));
        timeIs("2026-11-24T05:59:59");
        scheduler.tick();
        assertThat(scheduler.nextCheck()).contains(at("2026-11-24T06:00:00"));
        timeIs("2026-11-24T05:00:00");
        assertThat(scheduler.nextCheck()).contains(at("2026-11-24T05:00:01"));
    }

    @Test
    void aRunQueuedWhileItsWindowIsOpenIsDueAtOnce() {
        // given
        timeIs("2026-11-23T23:00:00");

        // when
        scheduler.queue(run, WEEKDAY_NIGHTS);

        // then
        assertThat(scheduler.nextCheck()).contains(at("2026-11-23T23:00:00"));
    }

    @Test
    void aWithdrawnWaitingRunIsShownStoppedAndNoLongerScheduled() throws IOException {
        // given
        scheduler.queue(run, WEEKDAY_NIGHTS);

        // when
        scheduler.withdraw(run);
        timeIs("2026-11-23T23:00:00");
        Map<RunId, Decision> insideTheWindow = scheduler.tick();

        // then
        assertThat(insideTheWindow).isEmpty();
        assertThat(controller.calls).isEmpty();
        assertThat(status().state()).isEqualTo(State.STOPPED);
        assertThat(status().nextWindow()).isNull();
    }

    @Test
    void aRunThatCannotBeStartedLeavesTheScheduleWithTheReasonInItsStatus() throws IOException {
        // given
        RunController refusing = new RecordingRunController() {
            @Override
            public void start(RunId ignored) {
                throw new IllegalStateException("job XML experiment not found");
            }
        };
        WindowScheduler failing = new WindowScheduler(clock, refusing, store, POLL);
        failing.queue(run, WEEKDAY_NIGHTS);

        // when
        timeIs("2026-11-23T22:30:00");
        Decision decision = failing.tick().get(run);

        // then
        assertThat(decision).isEqualTo(Decision.DONE);
        assertThat(failing.isScheduled(run)).isFalse();
        assertThat(status().lastError()).isEqualTo("window scheduler: job XML experiment not found");
        assertThat(status().nextWindow()).isNull();
    }
}
