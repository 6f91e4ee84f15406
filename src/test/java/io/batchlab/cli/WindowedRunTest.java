package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.control.StopRequests;
import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.job.RunCreator;
import io.batchlab.launcher.LocalEmulator;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.server.WindowScenario;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.MutableClock;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import io.batchlab.window.BatchWindow;
import jakarta.batch.runtime.BatchStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole experiment job on JBeret SE against the emulator over real HTTP, kept inside a window by
 * {@link RunSupervisor#startInWindow}. The test moves an injected clock across the window's edges; the job is paced
 * (2 requests per second, one user per chunk) so that a closing window finds it in the middle of submitting.
 */
class WindowedRunTest {

    private static final int USERS = 8;
    /** Daily 22:00-23:00 UTC. */
    private static final BatchWindow NIGHTLY_HOUR = BatchWindow.parse("0 22 * * * for 1h", ZoneOffset.UTC);
    private static final ZonedDateTime MONDAY_21H = ZonedDateTime.of(2026, 11, 23, 21, 0, 0, 0, ZoneOffset.UTC);
    private static final Duration JOB_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private GroqEmulator emulator;
    private final ExecutorService supervisorThread = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startEmulator() throws IOException {
        emulator = LocalEmulator.start(EmulatorSettings.defaults()
                .withDurations(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(100)));
        // any non-empty bearer token satisfies the emulator; it is no secret
        System.setProperty(ProviderSettings.API_KEY, "emulator");
    }

    @AfterEach
    void stop() throws InterruptedException {
        supervisorThread.shutdownNow();
        supervisorThread.awaitTermination(30, TimeUnit.SECONDS);
        emulator.close();
    }

    private static Properties oneUserPerChunk() {
        Properties parameters = new Properties();
        parameters.setProperty("partitions", "1");
        parameters.setProperty("chunkSize", "1");
        parameters.setProperty("pollInterval", "200ms");
        return parameters;
    }

    private static long sum(java.util.Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void aWindowedRunStartsAtTheOpeningStopsAtTheCloseAndResumesAtTheNextOpeningSubmittingEveryUserOnce()
            throws Exception {
        // given: a run queued for tonight's window, at 21:00
        ExperimentStore store = ExperimentStore.open(JobTestRoots.create("windowed-run-"));
        RunId run = RunCreator.create(store, WindowScenario.writeExperiment(dir, emulator.baseUri(), USERS, 2), null,
                provider -> provider);
        MutableClock clock = new MutableClock(MONDAY_21H.toInstant(), ZoneOffset.UTC);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        RunSupervisor supervisor = new RunSupervisor(store, new PrintStream(output, true, StandardCharsets.UTF_8),
                clock);

        // when: the supervisor is waiting for the window
        Future<BatchStatus> result = supervisorThread.submit(
                () -> supervisor.startInWindow(run, NIGHTLY_HOUR, oneUserPerChunk()));

        // then: queued with its next window, and nothing reaches the provider before it opens
        await().atMost(JOB_DEADLINE).until(() -> RunStatusStore.read(store, run).state() == State.QUEUED);
        assertThat(RunStatusStore.read(store, run).nextWindow()).isEqualTo("2026-11-23T22:00Z/2026-11-23T23:00Z");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> emulator.counts().totalCalls() == 0);

        // when: the window opens
        clock.set(MONDAY_21H.plusHours(1).toInstant());

        // then: the job runs and submits users
        await().atMost(JOB_DEADLINE).until(() -> sum(emulator.counts().batchesPerRunUser()) >= 2);

        // when: the window closes in the middle of submitting
        clock.set(MONDAY_21H.plusHours(2).toInstant());

        // then: the job stops at a chunk boundary and waits, partly submitted, for tomorrow's window
        await().atMost(JOB_DEADLINE).until(() -> RunStatusStore.read(store, run).state() == State.WAITING);
        RunStatus waiting = RunStatusStore.read(store, run);
        assertThat(waiting.nextWindow()).isEqualTo("2026-11-24T22:00Z/2026-11-24T23:00Z");
        EmulatorCounts atClose = emulator.counts();
        assertThat(sum(atClose.batchesPerRunUser())).isBetween(2L, USERS - 1L);
        assertThat(atClose.batchesPerRunUser().values()).containsOnly(1L);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> emulator.counts().totalCalls() == atClose.totalCalls());
        assertThat(result).isNotDone();

        // when: the next window opens
        clock.set(MONDAY_21H.plusDays(1).plusHours(1).toInstant());

        // then: the job resumes from its checkpoints and completes; every user was uploaded and submitted once
        BatchStatus finished = result.get(JOB_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(finished).isEqualTo(BatchStatus.COMPLETED);
        EmulatorCounts end = emulator.counts();
        assertThat(end.uploadsPerRunUser()).hasSize(USERS);
        assertThat(end.uploadsPerRunUser().values()).containsOnly(1L);
        assertThat(end.batchesPerRunUser()).hasSize(USERS);
        assertThat(end.batchesPerRunUser().values()).containsOnly(1L);
        assertThat(end.calls("POST /batches")).isEqualTo(USERS);
        RunStatus done = RunStatusStore.read(store, run);
        assertThat(done.state()).isEqualTo(State.COMPLETED);
        assertThat(done.nextWindow()).isNull();
        assertThat(done.counts().completed()).isEqualTo(USERS);
        for (int i = 1; i <= USERS; i++) {
            assertThat(store.resultsFile(new UserId("u" + i), run)).isRegularFile();
        }
        assertThat(output.toString(StandardCharsets.UTF_8)).contains(
                "run " + run + " is queued for its next window 2026-11-23T22:00Z/2026-11-23T23:00Z",
                "the window is open: run " + run + " starts",
                "the window closed: run " + run + " stops at its next checkpoint",
                "run " + run + " waits for its next window 2026-11-24T22:00Z/2026-11-24T23:00Z",
                "the window is open: run " + run + " resumes from its checkpoints");
    }

    @Test
    void aStopRequestTakesAQueuedRunOffItsWindowWithoutEverStartingIt() throws Exception {
        // given: a run waiting for tonight's window
        ExperimentStore store = ExperimentStore.open(JobTestRoots.create("windowed-stop-"));
        RunId run = RunCreator.create(store, WindowScenario.writeExperiment(dir, emulator.baseUri(), USERS, 2), null,
                provider -> provider);
        RunSupervisor supervisor = new RunSupervisor(store, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new MutableClock(MONDAY_21H.toInstant(), ZoneOffset.UTC));
        Future<BatchStatus> result = supervisorThread.submit(
                () -> supervisor.startInWindow(run, NIGHTLY_HOUR, oneUserPerChunk()));
        await().atMost(JOB_DEADLINE).until(() -> RunStatusStore.read(store, run).state() == State.QUEUED);

        // when: 'batchlab stop RUN_ID'
        StopRequests.request(store, run);

        // then
        assertThat(result.get(JOB_DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(BatchStatus.STOPPED);
        assertThat(RunStatusStore.read(store, run).state()).isEqualTo(State.STOPPED);
        assertThat(RunStatusStore.read(store, run).nextWindow()).isNull();
        assertThat(emulator.counts().totalCalls()).isZero();
    }
}
