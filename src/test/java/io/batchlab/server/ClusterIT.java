package io.batchlab.server;

import static io.batchlab.server.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.control.PostgresServer;
import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.window.BatchWindow;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two WildFly nodes on one machine ({@code batchlab.it.cluster.offsets}), both with batchlab, one PostgreSQL job
 * repository (a throwaway server: {@link PostgresServer}) and one experiments tree; the provider is the emulator in
 * this JVM. Runs started on either node are seen by both, one node at a time works on a run, and when a node is
 * killed its runs are continued by the other from their checkpoints. Skipped without PostgreSQL unless
 * {@code -Dbatchlab.it.postgresql=required}.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Duration RUN_DEADLINE = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int BENCH_USERS = 2000;
    /** Opens every 15 s for 4 s: a node killed early in it has its lease taken over (6 to 8 s later) after it closed. */
    private static final String SHORT_WINDOW = "*/15 * * * * * for 4s";

    private static PostgresServer postgres;
    private static GroqEmulator emulator;
    private static Path experiments;
    private static WildFlyNode nodeA;
    private static WildFlyNode nodeB;

    @BeforeAll
    static void startCluster() throws Exception {
        postgres = PostgresServer.start();
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofSeconds(4)));
        experiments = Path.of(System.getProperty("batchlab.it.cluster")).resolve("experiments");
        WildFlyNode.deleteTree(experiments);
        Files.createDirectories(experiments);
        String[] offsets = System.getProperty("batchlab.it.cluster.offsets", "100,150").split(",");
        nodeA = WildFlyNode.prepare("node-a", Integer.parseInt(offsets[0].strip()), postgres, experiments);
        nodeB = WildFlyNode.prepare("node-b", Integer.parseInt(offsets[1].strip()), postgres, experiments);
        nodeA.start();
        nodeB.start();
        nodeA.awaitReady();
        nodeB.awaitReady();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, emulator, postgres}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    @Order(1)
    void runsStartedOnEitherNodeAreSeenByBothAndRecordedInThePostgresRepository() throws Exception {
        // given
        ApiClient a = new ApiClient(nodeA.webApp());
        ApiClient b = new ApiClient(nodeB.webApp());
        List<String> usersA = ExperimentWorkspace.users("cluster-a", 4);
        List<String> usersB = ExperimentWorkspace.users("cluster-b", 4);

        // when
        String runA = create(a, "cluster-on-a", usersA, 1000);
        String runB = create(b, "cluster-on-b", usersB, 1000);

        // then: each node follows the other's run to the end, from the shared repository and tree
        JsonObject runAOnB = awaitState(b, runA, "COMPLETED");
        JsonObject runBOnA = awaitState(a, runB, "COMPLETED");
        assertThat(runAOnB.getJsonArray("job_executions")).singleElement()
                .satisfies(e -> assertThat(e.asJsonObject().getString("batch_status")).isEqualTo("COMPLETED"));
        assertThat(runBOnA.getJsonArray("job_executions")).singleElement()
                .satisfies(e -> assertThat(e.asJsonObject().getString("batch_status")).isEqualTo("COMPLETED"));
        for (ApiClient node : List.of(a, b)) {
            assertThat(json(node.send(node.get("api/runs"), TestUsers.VIEWER)).getJsonArray("runs")
                    .getValuesAs(JsonObject.class).stream().map(run -> run.getString("run_id")))
                    .contains(runA, runB);
        }
        long executionA = runAOnB.getJsonArray("job_executions").getJsonObject(0).getJsonNumber("execution_id")
                .longValue();
        assertThat(repositoryStatus(executionA)).contains("COMPLETED");
        assertThat(leaseOwner(runA)).as("lease left after the run ended").isEmpty();
    }

    @Test
    @Order(2)
    void aRunIsWorkedByOneNodeAtATimeAndTheOtherRefusesToRestartIt() throws Exception {
        // given: a run working on node A, collecting batches that take seconds
        ApiClient a = new ApiClient(nodeA.webApp());
        ApiClient b = new ApiClient(nodeB.webApp());
        List<String> users = ExperimentWorkspace.users("cluster-lease", 3);
        String run = create(a, "cluster-lease", users, 1000);
        await().atMost(RUN_DEADLINE).pollInterval(POLL).ignoreExceptions().until(() -> leaseOwner(run).isPresent());

        // when
        HttpResponse<String> restartOnB = b.send(b.post("api/runs/" + run + "/restart", ""), TestUsers.OPERATOR);

        // then
        assertThat(leaseOwner(run)).hasValueSatisfying(owner -> assertThat(owner).startsWith("node-a pid "));
        assertThat(restartOnB.statusCode()).as(restartOnB.body()).isEqualTo(409);
        assertThat(json(restartOnB).getString("message")).contains(run).contains("already running");
        JsonObject done = awaitState(b, run, "COMPLETED");
        assertThat(done.getJsonArray("job_executions")).hasSize(1);
        HttpResponse<String> restartDone = b.send(b.post("api/runs/" + run + "/restart", ""), TestUsers.OPERATOR);
        assertThat(restartDone.statusCode()).isEqualTo(409);
        assertThat(json(restartDone).getString("message")).contains("already complete");
    }

    @Test
    @Order(3)
    void aRunWhoseNodeIsKilledMidSubmissionIsContinuedByTheOtherNodeAndNotResumedByTheNodeComingBack()
            throws Exception {
        // given: a run of 120 users on node A, paced to submit for about 15 s (an upload and a batch per user)
        ApiClient a = new ApiClient(nodeA.webApp());
        ApiClient b = new ApiClient(nodeB.webApp());
        List<String> users = ExperimentWorkspace.users("cluster-failover", 120);
        String run = create(a, "cluster-failover", users, 16);
        await().atMost(RUN_DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> uploadedUsers(run) >= 20);

        // when: kill -9 of node A while it submits
        nodeA.kill();
        long killed = System.nanoTime();
        long uploadedAtKill = uploadedUsers(run);

        // then: node B notices the expired lease, has JBeret mark A's execution FAILED and continues the run
        await().atMost(RUN_DEADLINE).pollInterval(POLL).until(() -> json(b.send(b.get("api/runs/" + run),
                TestUsers.VIEWER)).getJsonArray("job_executions").size() == 2);
        System.out.printf("failover: node B continued run %s %.1f s after node A was killed (lease lifetime %s)%n",
                run, (System.nanoTime() - killed) / 1e9, WildFlyNode.LEASE_TTL);
        JsonObject done = awaitState(b, run, "COMPLETED");
        assertThat(uploadedAtKill).as("users uploaded when node A died").isLessThan(users.size());
        List<JsonObject> executions = done.getJsonArray("job_executions").getValuesAs(JsonObject.class);
        assertThat(executions).extracting(e -> e.getString("batch_status")).containsExactly("FAILED", "COMPLETED");
        assertThat(repositoryStatus(executions.get(0).getJsonNumber("execution_id").longValue()))
                .contains("FAILED");
        assertThat(nodeB.logLines("marked FAILED and continued from the checkpoints")).singleElement()
                .satisfies(line -> assertThat(line).contains(run));
        assertEveryUserSubmittedOnceAndAnswered(run, users);

        // when: node A comes back
        nodeA.start();
        nodeA.awaitReady();

        // then: for two lease lifetimes (checked back to back) it leaves the run as it is
        ApiClient back = new ApiClient(nodeA.webApp());
        long end = System.nanoTime() + WildFlyNode.LEASE_TTL.multipliedBy(2).toNanos();
        while (System.nanoTime() < end) {
            JsonObject seen = json(back.send(back.get("api/runs/" + run), TestUsers.VIEWER));
            assertThat(seen.getJsonObject("status").getString("state")).isEqualTo("COMPLETED");
            assertThat(seen.getJsonArray("job_executions")).hasSize(2);
            assertThat(leaseOwner(run)).isEmpty();
        }
        assertEveryUserSubmittedOnceAndAnswered(run, users);
    }

    @Test
    @Order(4)
    void aWindowedRunWhoseNodeIsKilledInItsWindowWaitsOnTheOtherNodeForTheNextOpeningAndIsNotReArmedByTheNodeComingBack()
            throws Exception {
        // given: a run on node A with a window of 4 s every 15 s, created as the window opens (16 users, 8 a second)
        ApiClient b = new ApiClient(nodeB.webApp());
        BatchWindow window = BatchWindow.parse(SHORT_WINDOW, ZoneId.of("Europe/Berlin"));
        List<String> users = ExperimentWorkspace.users("cluster-window", 16);
        Path config = ExperimentWorkspace.writeConfig("cluster-window", emulator.baseUri(), users, 16);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> justOpened(window));
        ApiClient a = new ApiClient(nodeA.webApp());
        HttpResponse<String> created = a.send(a.post("api/runs", jakarta.json.Json.createObjectBuilder()
                .add("config", config.toString()).add("window", SHORT_WINDOW).build().toString()), TestUsers.OPERATOR);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String run = json(created).getString("run_id");
        await().atMost(RUN_DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> uploadedUsers(run) >= 2);

        // when: kill -9 of node A while it works in the window
        assertThat(window.isOpen(ZonedDateTime.now())).as("window open when node A is killed").isTrue();
        nodeA.kill();
        long linesOfAAboutTheRun = nodeA.logLines(run).size();
        long submittedAtKill = submissions(run);
        nodeA.start(); // comes back while the run waits on node B

        // then: node B takes the lease once it expires, after the window closed; the run waits there for the opening
        await().atMost(RUN_DEADLINE).pollInterval(POLL).until(() -> !nodeB.logLines(run + " keeps its window")
                .isEmpty());
        ZonedDateTime takenOver = ZonedDateTime.now();
        ZonedDateTime opening = window.nextOpening(takenOver).orElseThrow();
        assertThat(window.isOpen(takenOver)).as("window open when node B took the run over").isFalse();
        String[] stateWhileClosed = {null};
        await().atMost(RUN_DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            boolean closed = ZonedDateTime.now().isBefore(opening.minus(Duration.ofMillis(300)));
            if (closed) {
                assertThat(submissions(run)).as("uploads and batches while the window is closed")
                        .isEqualTo(submittedAtKill);
                stateWhileClosed[0] = status(run).getString("state");
            }
            return !closed;
        });
        assertThat(stateWhileClosed[0]).as("status.json just before the opening").isEqualTo("WAITING");
        JsonObject done = awaitState(b, run, "COMPLETED");
        assertThat(submittedAtKill).as("uploads and batches when node A died").isLessThan(2L * users.size());
        List<JsonObject> executions = done.getJsonArray("job_executions").getValuesAs(JsonObject.class);
        assertThat(executions.get(0).getString("batch_status")).isEqualTo("FAILED");
        assertThat(executions.get(executions.size() - 1).getString("batch_status")).isEqualTo("COMPLETED");
        assertEveryUserSubmittedOnceAndAnswered(run, users);

        // and node A, back, neither re-armed the window nor resumed the run
        nodeA.awaitReady(); // its window schedule looked for waiting runs as it deployed
        assertThat(nodeA.logLines(run)).as("node A's log lines about the run after it came back")
                .hasSize((int) linesOfAAboutTheRun);
        assertThat(json(b.send(b.get("api/runs/" + run), TestUsers.VIEWER)).getJsonArray("job_executions"))
                .hasSize(executions.size());
    }

    @Test
    @Order(5)
    void aRunWhoseNodeIsKilledMidCollectionIsCollectedByTheOtherNodeWithoutSubmittingAgain() throws Exception {
        // given: a run on node B whose batches stay in progress for seconds
        ApiClient a = new ApiClient(nodeA.webApp());
        ApiClient b = new ApiClient(nodeB.webApp());
        List<String> users = ExperimentWorkspace.users("cluster-collect", 12);
        String run = create(b, "cluster-collect", users, 1000);
        await().atMost(RUN_DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> status(run)
                .getJsonObject("steps").getBoolean("uploads_completed"));

        // when: kill -9 of node B while it collects
        nodeB.kill();
        long collectedAtKill = users.stream().filter(user -> resultsFile(run, user).toFile().isFile()).count();

        // then: node A takes over and collects, submitting nothing again
        JsonObject done = awaitState(a, run, "COMPLETED");
        assertThat(collectedAtKill).as("users collected when node B died").isLessThan(users.size());
        assertThat(done.getJsonArray("job_executions").getValuesAs(JsonObject.class))
                .extracting(e -> e.getString("batch_status")).containsExactly("FAILED", "COMPLETED");
        assertEveryUserSubmittedOnceAndAnswered(run, users);
    }

    @Test
    @Order(6)
    void aNodeThatStallsPastItsLeaseLosesTheRunAndOnWakingAsksTheProviderNothingMore() throws Exception {
        // given: a run of 120 users on node A, paced to submit for about 15 s (an upload and a batch per user)
        nodeA.ensureRunning();
        nodeB.ensureRunning();
        ApiClient a = new ApiClient(nodeA.webApp());
        ApiClient b = new ApiClient(nodeB.webApp());
        List<String> users = ExperimentWorkspace.users("cluster-stall", 120);
        String run = create(a, "cluster-stall", users, 16);
        await().atMost(RUN_DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> uploadedUsers(run) >= 20);

        // when: node A stalls (SIGSTOP) until node B has taken the run over, then goes on (SIGCONT)
        nodeA.freeze();
        long uploadedAtStall;
        try {
            await().atMost(RUN_DEADLINE).pollInterval(POLL).until(() -> json(b.send(b.get("api/runs/" + run),
                    TestUsers.VIEWER)).getJsonArray("job_executions").size() == 2);
            uploadedAtStall = uploadedUsers(run);
        } finally {
            nodeA.thaw();
        }

        // then: node A finds the lease gone before its next provider call and stops; node B completes the run alone
        await().atMost(RUN_DEADLINE).pollInterval(POLL).until(() -> !nodeA.logLines("lost the leases of runs")
                .isEmpty());
        assertThat(nodeA.logLines("lost the leases of runs")).singleElement()
                .satisfies(line -> assertThat(line).contains(run));
        JsonObject done = awaitState(b, run, "COMPLETED");
        assertThat(uploadedAtStall).as("users uploaded when node A stalled").isLessThan(users.size());
        List<JsonObject> executions = done.getJsonArray("job_executions").getValuesAs(JsonObject.class);
        assertThat(executions).extracting(e -> e.getString("batch_status")).containsExactly("FAILED", "COMPLETED");
        assertThat(leaseOwner(run)).as("lease left after the run ended").isEmpty();
        await().atMost(RUN_DEADLINE).pollInterval(POLL).until(() -> repositoryStatus(executions.get(0)
                .getJsonNumber("execution_id").longValue()).filter("FAILED"::equals).isPresent());
        assertEveryUserSubmittedOnceAndAnswered(run, users);
    }

    @Test
    @Order(7)
    void aStopSentThroughTheOtherNodeStopsTheRunWhileItCollectsAndARestartThereCompletesIt() throws Exception {
        // given: a run on node A that has submitted everything and collects batches the emulator holds in progress
        nodeA.ensureRunning();
        nodeB.ensureRunning();
        ApiClient a = new ApiClient(nodeA.webApp());
        ApiClient b = new ApiClient(nodeB.webApp());
        List<String> users = ExperimentWorkspace.users("cluster-stop", 6);
        emulator.setFaults(FaultSettings.none().withHoldBatches(true));
        String run;
        JsonObject stopped;
        try {
            run = create(a, "cluster-stop", users, 1000);
            await().atMost(RUN_DEADLINE).pollInterval(POLL).until(() -> status(run).getJsonObject("steps")
                    .getBoolean("uploads_completed"));

            // when: an operator stops it through node B
            HttpResponse<String> stop = b.send(b.post("api/runs/" + run + "/stop", ""), TestUsers.OPERATOR);

            // then: node A stops collecting; nothing is collected
            assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
            stopped = awaitState(b, run, "STOPPED");
            assertThat(users).noneSatisfy(user -> assertThat(resultsFile(run, user)).exists());
        } finally {
            emulator.setFaults(FaultSettings.none());
        }
        assertThat(stopped.getJsonArray("job_executions").getValuesAs(JsonObject.class))
                .extracting(e -> e.getString("batch_status")).containsExactly("STOPPED");
        assertThat(nodeA.logLines("stop asked through another node")).singleElement()
                .satisfies(line -> assertThat(line).contains(run));
        assertThat(leaseOwner(run)).as("lease left after the stop").isEmpty();

        // when: restarted through node B
        HttpResponse<String> restart = b.send(b.post("api/runs/" + run + "/restart", ""), TestUsers.OPERATOR);

        // then: node B collects what node A submitted, submitting nothing again
        assertThat(restart.statusCode()).as(restart.body()).isEqualTo(202);
        JsonObject done = awaitState(a, run, "COMPLETED");
        assertThat(done.getJsonArray("job_executions").getValuesAs(JsonObject.class))
                .extracting(e -> e.getString("batch_status")).containsExactly("STOPPED", "COMPLETED");
        assertEveryUserSubmittedOnceAndAnswered(run, users);
    }

    /**
     * BENCHMARKS.md, "Repository load": job-repository transactions per checkpoint, from PostgreSQL's own count of
     * write transactions (the transaction ids it handed out) around two prepare-only runs of {@value #BENCH_USERS}
     * users in one partition that differ only in chunk size; the difference divided by the difference in checkpoints
     * is the cost of one checkpoint (fixed costs per execution cancel out). Only writes count, and nodes without runs
     * write nothing (their heartbeats and failover scans change no row), so no idle load needs subtracting. Opt-in:
     * {@code -Dbatchlab.bench.repository-load=true -Dit.test=ClusterIT}.
     */
    @Test
    @Order(8)
    @EnabledIfSystemProperty(named = "batchlab.bench.repository-load", matches = "true")
    void repositoryTransactionsPerCheckpoint() throws Exception {
        ApiClient a = new ApiClient(nodeA.webApp());
        long[] transactions = new long[2];
        int[] chunkSizes = {10, 100};
        for (int i = 0; i < chunkSizes.length; i++) {
            List<String> users = ExperimentWorkspace.users("cluster-bench", BENCH_USERS);
            Path config = ExperimentWorkspace.writeConfig("cluster-bench", emulator.baseUri(), users, 1000);
            String parameters = jakarta.json.Json.createObjectBuilder().add("config", config.toString())
                    .add("submit", "false").add("chunkSize", String.valueOf(chunkSizes[i]))
                    .add("chunkSeconds", "600").add("partitions", "1").build().toString();
            long before = postgres.writeTransactions();
            long started = System.nanoTime();
            HttpResponse<String> start = a.send(a.post("api/jobs/experiment/start", parameters), TestUsers.OPERATOR);
            assertThat(start.statusCode()).as(start.body()).isEqualTo(201);
            long execution = json(start).getJsonNumber("executionId").longValue();
            // status.json, not the repository: polling the database would count in the measurement
            await().atMost(RUN_DEADLINE).pollInterval(POLL).until(() -> completedInTree(execution));
            double seconds = (System.nanoTime() - started) / 1e9;
            transactions[i] = postgres.writeTransactions() - before;
            System.out.printf("repository load: %d users, chunk %d (%d checkpoints): %d write transactions in %.1f s%n",
                    BENCH_USERS, chunkSizes[i], BENCH_USERS / chunkSizes[i], transactions[i], seconds);
        }
        double perCheckpoint = (transactions[0] - transactions[1])
                / (double) (BENCH_USERS / chunkSizes[0] - BENCH_USERS / chunkSizes[1]);
        System.out.printf("repository load: %.2f write transactions per checkpoint%n", perCheckpoint);
        assertThat(perCheckpoint).isPositive();
    }

    private static void assertEveryUserSubmittedOnceAndAnswered(String run, List<String> users) throws Exception {
        RunId id = RunId.parse(run);
        assertThat(ExperimentWorkspace.submissionsPerUser(emulator.counts(), id, users))
                .as("uploads and batches per user, as the emulator saw them").hasSize(2 * users.size())
                .containsOnly(1L);
        assertThat(users).allSatisfy(user -> assertThat(resultsFile(run, user)).isRegularFile());
        JsonObject status = status(run);
        assertThat(status.getString("state")).isEqualTo("COMPLETED");
        assertThat(status.getJsonObject("steps").values()).hasSize(4).containsOnly(JsonValue.TRUE);
        assertThat(status.getJsonObject("counts").getInt("completed")).isEqualTo(users.size());
    }

    /** Whether the tree holds a run whose status.json names this execution and says COMPLETED. */
    private static boolean completedInTree(long execution) throws Exception {
        for (RunId run : ExperimentStore.open(experiments).runs()) {
            try {
                JsonObject status = status(run.toString());
                if (status.containsKey("job_execution_id") && !status.isNull("job_execution_id")
                        && status.getJsonNumber("job_execution_id").longValue() == execution) {
                    return "COMPLETED".equals(status.getString("state"));
                }
            } catch (java.nio.file.NoSuchFileException beingCreated) {
                // no status.json yet
            }
        }
        return false;
    }

    /** Whether the window opened less than a second ago. */
    private static boolean justOpened(BatchWindow window) {
        ZonedDateTime now = ZonedDateTime.now();
        return window.isOpen(now) && !window.isOpen(now.minusSeconds(1));
    }

    /** Uploads and batches the emulator received for the run. */
    private static long submissions(String run) {
        EmulatorCounts counts = emulator.counts();
        return java.util.stream.Stream.of(counts.uploadsPerRunUser(), counts.batchesPerRunUser())
                .flatMap(perUser -> perUser.entrySet().stream()).filter(e -> e.getKey().startsWith(run + "/"))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }

    private static long uploadedUsers(String run) {
        return emulator.counts().uploadsPerRunUser().keySet().stream().filter(key -> key.startsWith(run + "/"))
                .count();
    }

    /** status.json as the shared tree holds it. */
    private static JsonObject status(String run) throws Exception {
        ExperimentStore store = ExperimentStore.open(experiments);
        try (var reader = jakarta.json.Json.createReader(Files.newBufferedReader(
                store.statusFile(RunId.parse(run))))) {
            return reader.readObject();
        }
    }

    private static Path resultsFile(String run, String user) {
        try {
            return ExperimentStore.open(experiments).resultsFile(new UserId(user), RunId.parse(run));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts a run through the node's runs API; its id. */
    private static String create(ApiClient node, String name, List<String> users, int requestsPerSecond)
            throws Exception {
        Path config = ExperimentWorkspace.writeConfig(name, emulator.baseUri(), users, requestsPerSecond);
        HttpResponse<String> created = node.send(node.post("api/runs", ApiClient.newRun(config)), TestUsers.OPERATOR);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).getString("run_id");
    }

    private static JsonObject awaitState(ApiClient node, String run, String state) {
        return await().atMost(RUN_DEADLINE).pollInterval(POLL)
                .until(() -> json(node.send(node.get("api/runs/" + run), TestUsers.VIEWER)),
                        body -> state.equals(body.getJsonObject("status").getString("state")));
    }

    /** The batch status JBeret stored for the execution in PostgreSQL. */
    private static Optional<String> repositoryStatus(long execution) throws Exception {
        return queryOne("SELECT batchstatus FROM job_execution WHERE jobexecutionid = ?", execution);
    }

    /** The owner of the run's lease row, if there is one. */
    private static Optional<String> leaseOwner(String run) throws Exception {
        return queryOne("SELECT owner FROM batchlab_run_lease WHERE run_id = ?", run);
    }

    private static Optional<String> queryOne(String sql, Object parameter) throws Exception {
        try (Connection connection = postgres.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }
}
