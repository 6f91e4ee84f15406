package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.launcher.LocalEmulator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import io.batchlab.window.BatchWindow;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One windowed run in real time, the same for the Java SE CLI and WildFly: a window of 5 seconds every 15, an
 * emulator over real HTTP and a job paced to 6 requests per second (2 per user) in chunks of 10 users (the default),
 * so that submitting all 24 users takes longer than one window and a close finds the job part-way. The caller starts
 * the run its own way; this class prepares the experiment and checks what happened.
 */
public final class WindowScenario implements AutoCloseable {

    public static final String WINDOW = "*/15 * * * * * for 5s";
    public static final int USERS = 24;
    public static final Duration DEADLINE = Duration.ofSeconds(120);

    private final GroqEmulator emulator;
    private final Path config;
    private final BatchWindow window = BatchWindow.parse(WINDOW, ZoneOffset.UTC);

    private WindowScenario(GroqEmulator emulator, Path config) {
        this.emulator = emulator;
        this.config = config;
    }

    /** Starts the emulator and writes config.yaml (time zone UTC, no window of its own) and its input into dir. */
    public static WindowScenario create(Path dir) throws IOException {
        return create(dir, 0);
    }

    /** The same with the emulator on {@code port} (0: any free one). */
    public static WindowScenario create(Path dir, int port) throws IOException {
        GroqEmulator emulator = LocalEmulator.start(EmulatorSettings.defaults().withPort(port)
                .withDurations(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(100)));
        Path config = writeExperiment(dir, emulator.baseUri(), USERS, 6);
        return new WindowScenario(emulator, config);
    }

    /**
     * Writes posts.jsonl ({@code users} users u1…, one post each) and a closed-target config.yaml (time zone UTC, no
     * window of its own, one partition paced to {@code requestsPerSecond}) into dir; returns the config.
     */
    public static Path writeExperiment(Path dir, URI emulator, int users, int requestsPerSecond) throws IOException {
        String records = IntStream.rangeClosed(1, users)
                .mapToObj(i -> "{\"user_id\":\"u" + i + "\",\"text\":\"post " + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(dir.resolve("posts.jsonl"), records);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                experiment:
                  type: CT
                  description: "windowed run"
                  time_zone: UTC
                model:
                  code: GPT20B
                  id: openai/gpt-oss-20b
                provider:
                  base_url: %s
                  max_concurrency: 1
                  requests_per_second: %d
                  poll_interval: 200ms
                  collect_deadline: 2m
                  pack: {users: 1}
                prompt:
                  user: "{{text}} - yes or no?"
                  allowed_answers: [yes, no]
                input:
                  jsonl: posts.jsonl
                """.formatted(emulator, requestsPerSecond));
        return config;
    }

    public Path config() {
        return config;
    }

    /** Waits until the window has just closed, so that a run queued now must wait a while for its opening. */
    public void awaitJustClosed() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            return !window.isOpen(now) && Duration.between(now, window.nextOpening(now).orElseThrow()).toSeconds() >= 7;
        });
    }

    /** The run is QUEUED with its next window and nothing reaches the provider before that window opens. */
    public void assertQueuedUntilTheOpening(ExperimentStore store, RunId run) throws IOException {
        await().atMost(DEADLINE).until(() -> Files.exists(store.statusFile(run))
                && RunStatusStore.read(store, run).nextWindow() != null);
        RunStatus queued = RunStatusStore.read(store, run);
        assertThat(queued.state()).isEqualTo(State.QUEUED);
        ZonedDateTime opening = window.nextOpening(ZonedDateTime.now(ZoneOffset.UTC)).orElseThrow();
        assertThat(queued.nextWindow()).isEqualTo(opening.toOffsetDateTime() + "/"
                + opening.plusSeconds(5).toOffsetDateTime());
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            boolean beforeOpening = ZonedDateTime.now(ZoneOffset.UTC).isBefore(opening.minus(Duration.ofMillis(200)));
            if (beforeOpening) {
                assertThat(emulator.counts().totalCalls()).as("provider calls before the window opened").isZero();
            }
            return !beforeOpening;
        });
    }

    /** The first close stops the job part-way (it cannot submit everyone in 5 s); it waits, then resumes. */
    public void assertStoppedAtACloseAndResumed(ExperimentStore store, RunId run) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> RunStatusStore.read(store, run).state() == State.WAITING);
        long submittedAtClose = sum(emulator.counts().batchesPerRunUser());
        assertThat(submittedAtClose).as("users submitted when the first window closed").isLessThan(USERS);
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> sum(emulator.counts().batchesPerRunUser()) > submittedAtClose);
    }

    /** Every user was uploaded once, submitted once and has results; status.json shows the run COMPLETED. */
    public void assertCompletedWithEveryUserSubmittedOnce(ExperimentStore store, RunId run) throws IOException {
        await().atMost(DEADLINE).until(() -> RunStatusStore.read(store, run).state() == State.COMPLETED);
        EmulatorCounts counts = emulator.counts();
        assertThat(counts.uploadsPerRunUser()).hasSize(USERS);
        assertThat(counts.uploadsPerRunUser().values()).containsOnly(1L);
        assertThat(counts.batchesPerRunUser()).hasSize(USERS);
        assertThat(counts.batchesPerRunUser().values()).containsOnly(1L);
        assertThat(counts.calls("POST /batches")).isEqualTo(USERS);
        RunStatus done = RunStatusStore.read(store, run);
        assertThat(done.nextWindow()).isNull();
        assertThat(done.counts().completed()).isEqualTo(USERS);
        for (int i = 1; i <= USERS; i++) {
            assertThat(store.resultsFile(new UserId("u" + i), run)).isRegularFile();
        }
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        emulator.close();
    }
}
