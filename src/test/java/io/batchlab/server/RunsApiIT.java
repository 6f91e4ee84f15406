package io.batchlab.server;

import static io.batchlab.server.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.store.RunId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** batchlab's runs API over real HTTP with BASIC authentication; the provider is the emulator in this JVM. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
class RunsApiIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(250);

    private GroqEmulator emulator;

    @ArquillianResource
    URL webApp;
    private ApiClient api;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SmokeJobDeployment.create();
    }

    @BeforeEach
    void connect() {
        api = new ApiClient(webApp);
    }

    @AfterEach
    void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void operatorCreatesARunThatReachesResultsReceivedAndViewerReadsIt() throws Exception {
        // given
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofMillis(500)));
        List<String> users = ExperimentWorkspace.users("rest", 5);
        Path config = ExperimentWorkspace.writeConfig("rest-create", emulator.baseUri(), users);

        // when
        HttpResponse<String> created = api.send(api.post("api/runs", ApiClient.newRun(config)), TestUsers.OPERATOR);

        // then
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject body = json(created);
        String run = body.getString("run_id");
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/runs/" + run));
        assertThat(body.getJsonObject("status").getJsonObject("steps").getBoolean("config_created")).isTrue();
        assertThat(body.getJsonArray("job_executions")).hasSize(1);

        JsonObject finished = api.awaitRun(run, "COMPLETED");
        assertThat(finished.getJsonObject("status").getJsonObject("steps").getBoolean("results_received")).isTrue();
        assertThat(finished.getJsonObject("status").getJsonObject("counts").getInt("completed")).isEqualTo(users.size());
        assertThat(finished.getJsonArray("job_executions").getJsonObject(0).getString("batch_status"))
                .isEqualTo("COMPLETED");

        HttpResponse<String> all = api.send(api.get("api/runs"), TestUsers.VIEWER);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(runIds(json(all))).contains(run);
        HttpResponse<String> usersRuns = api.send(api.get("api/users/" + users.get(2) + "/runs"), TestUsers.VIEWER);
        assertThat(usersRuns.statusCode()).isEqualTo(200);
        assertThat(runIds(json(usersRuns))).containsExactly(run);
    }

    @Test
    void packedRunOnTheServerSubmitsOneBatchPerPackAndKeepsEveryUsersOwnFiles() throws Exception {
        // given: 12 users over two partitions, packs of at most five users
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofMillis(500)));
        List<String> users = ExperimentWorkspace.users("packed", 12);
        Path config = ExperimentWorkspace.writeConfig("rest-packed", emulator.baseUri(), users);
        Files.writeString(config, Files.readString(config).replace("  pack: {users: 1}\n", "  pack: {users: 5}\n"));

        // when
        HttpResponse<String> created = api.send(api.post("api/runs", ApiClient.newRun(config)), TestUsers.OPERATOR);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String run = json(created).getString("run_id");
        JsonObject finished = api.awaitRun(run, "COMPLETED");

        // then: four packs (5 + 1 per partition), each uploaded and created once; every user complete, own files
        assertThat(finished.getJsonObject("status").getJsonObject("counts").getInt("completed")).isEqualTo(12);
        var counts = emulator.counts();
        assertThat(counts.batchesPerRunUser()).hasSize(4).allSatisfy((pack, n) -> {
            assertThat(pack).startsWith(run + "/pack-");
            assertThat(n).isOne();
        });
        assertThat(counts.uploadsPerRunUser()).isEqualTo(counts.batchesPerRunUser());
        var store = ExperimentWorkspace.store();
        for (String user : users) {
            JsonObject results = ExperimentWorkspace.readJson(store.resultsFile(new io.batchlab.store.UserId(user),
                    RunId.parse(run)));
            assertThat(results.getString("status")).as(user).isEqualTo("complete");
            assertThat(results.getJsonArray("requests").getJsonObject(0).getString("custom_id")).isEqualTo("r00001");
            JsonObject upload = ExperimentWorkspace.readJson(store.uploadFile(new io.batchlab.store.UserId(user),
                    RunId.parse(run)));
            assertThat(upload.getJsonObject("pack").getString("custom_id_prefix")).isEqualTo(user + ":");
        }
    }

    @Test
    void stopThenRestartResumesTheRunWithoutSubmittingAnyoneTwice() throws Exception {
        // given: batches that stay in progress for seconds, so the job waits in collect-results
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofSeconds(5)));
        List<String> users = ExperimentWorkspace.users("rest-stop", 5);
        Path config = ExperimentWorkspace.writeConfig("rest-stop", emulator.baseUri(), users);
        String run = json(api.send(api.post("api/runs", ApiClient.newRun(config)), TestUsers.OPERATOR)).getString("run_id");
        await().atMost(DEADLINE).pollInterval(POLL).until(() -> json(api.send(api.get("api/runs/" + run), TestUsers.VIEWER))
                .getJsonObject("status").getJsonObject("counts").getInt("submitted") == users.size());

        // when: a restart while it runs, then a stop
        HttpResponse<String> restartWhileRunning = api.send(api.post("api/runs/" + run + "/restart", ""), TestUsers.OPERATOR);
        HttpResponse<String> stop = api.send(api.post("api/runs/" + run + "/stop", ""), TestUsers.OPERATOR);

        // then
        assertThat(restartWhileRunning.statusCode()).isEqualTo(409);
        assertThat(json(restartWhileRunning).getString("message")).contains(run).contains("already running");
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
        JsonObject stopped = api.awaitRun(run, "STOPPED");
        assertThat(stopped.getJsonObject("status").getJsonObject("steps").getBoolean("results_received")).isFalse();
        HttpResponse<String> stopAgain = api.send(api.post("api/runs/" + run + "/stop", ""), TestUsers.OPERATOR);
        assertThat(stopAgain.statusCode()).isEqualTo(409);
        assertThat(json(stopAgain).getString("message")).contains("not running");

        // when
        HttpResponse<String> restart = api.send(api.post("api/runs/" + run + "/restart", ""), TestUsers.OPERATOR);

        // then: a second execution of the same job instance completes the run; nobody was submitted twice
        assertThat(restart.statusCode()).as(restart.body()).isEqualTo(202);
        JsonObject finished = api.awaitRun(run, "COMPLETED");
        assertThat(finished.getJsonArray("job_executions")).hasSize(2);
        assertThat(finished.getJsonArray("job_executions").getJsonObject(0).getString("batch_status"))
                .isEqualTo("STOPPED");
        assertThat(finished.getJsonObject("status").getJsonObject("steps").getBoolean("results_received")).isTrue();
        assertThat(ExperimentWorkspace.submissionsPerUser(emulator.counts(), RunId.parse(run), users))
                .hasSize(2 * users.size()).containsOnly(1L);
    }

    @Test
    void aRunStoppedAtItsCostCapContinuesWithAHigherCapGivenOnRestart() throws Exception {
        // given: a cap below what one user's requests may cost, so submitting stops before anyone is submitted
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofMillis(200)));
        List<String> users = ExperimentWorkspace.users("rest-cap", 3);
        Path config = ExperimentWorkspace.writeConfig("rest-cap", emulator.baseUri(), users);
        Files.writeString(config, Files.readString(config).replace("  max_concurrency: 2\n",
                "  max_concurrency: 2\n  max_cost: 0.0000001\n"));
        String run = json(api.send(api.post("api/runs", ApiClient.newRun(config)), TestUsers.OPERATOR)).getString("run_id");
        JsonObject capped = api.awaitRun(run, "STOPPED");
        assertThat(capped.getJsonObject("status").getString("last_error")).contains("cost cap");
        assertThat(ExperimentWorkspace.submissionsPerUser(emulator.counts(), RunId.parse(run), users)).containsOnly(0L);

        // when
        HttpResponse<String> malformed = api.send(api.post("api/runs/" + run + "/restart?max_cost=lots", ""),
                TestUsers.OPERATOR);
        HttpResponse<String> raised = api.send(api.post("api/runs/" + run + "/restart?max_cost=100", ""),
                TestUsers.OPERATOR);

        // then: the malformed cap started nothing; the raised one finished the run, everyone submitted once
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).getString("message")).contains("max_cost").contains("greater than 0");
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(202);
        JsonObject finished = api.awaitRun(run, "COMPLETED");
        assertThat(finished.getJsonArray("job_executions")).hasSize(2);
        assertThat(ExperimentWorkspace.submissionsPerUser(emulator.counts(), RunId.parse(run), users))
                .hasSize(2 * users.size()).containsOnly(1L);
        assertThat(Files.readString(ExperimentWorkspace.store().configFile(RunId.parse(run))))
                .contains("max_cost: 0.0000001");
    }

    @Test
    void configWithProblemsIsRefusedWithEveryProblem() throws Exception {
        // given: a config with an unknown key and a completion window Groq does not offer
        emulator = ExperimentWorkspace.startEmulator(EmulatorSettings.defaults());
        Path config = ExperimentWorkspace.writeConfig("rest-bad", emulator.baseUri(), List.of("u1"));
        Files.writeString(config, Files.readString(config)
                .replace("completion_window: 24h", "completion_window: 30d")
                .replace("poll_interval:", "pol_interval:"), StandardCharsets.UTF_8);
        int runsBefore = runIds(json(api.send(api.get("api/runs"), TestUsers.VIEWER))).size();

        // when
        HttpResponse<String> response = api.send(api.post("api/runs", ApiClient.newRun(config)), TestUsers.OPERATOR);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonObject error = json(response);
        assertThat(error.getString("message")).contains(config.toString());
        assertThat(error.getJsonArray("problems").getValuesAs(JsonObject.class))
                .extracting(problem -> problem.getString("key"))
                .contains("provider.completion_window", "provider.pol_interval");
        assertThat(error.getJsonArray("problems").getValuesAs(JsonObject.class))
                .allSatisfy(problem -> assertThat(problem.getInt("line")).isPositive());
        assertThat(runIds(json(api.send(api.get("api/runs"), TestUsers.VIEWER)))).hasSize(runsBefore);
    }

    @Test
    void operatorSendsTheConfigAndTheUsersInlineAndNeedsNoServerPath() throws Exception {
        // given: the config as text; its input path is relative, so it resolves under the server's data root
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofMillis(500)));
        List<String> users = ExperimentWorkspace.users("inline", 4);
        Path config = ExperimentWorkspace.writeConfig("rest-inline", emulator.baseUri(), users);
        String yaml = ExperimentWorkspace.inlineConfig(config);
        String body = Json.createObjectBuilder().add("config_yaml", yaml)
                .add("user_ids", Json.createArrayBuilder(users.subList(0, 3))).build().toString();

        // when
        HttpResponse<String> created = api.send(api.post("api/runs", body), TestUsers.OPERATOR);

        // then: only the listed users are in the run, and they all get results
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String run = json(created).getString("run_id");
        JsonObject finished = api.awaitRun(run, "COMPLETED");
        assertThat(finished.getJsonObject("status").getJsonObject("counts").getInt("total")).isEqualTo(3);
        assertThat(finished.getJsonObject("status").getJsonObject("counts").getInt("completed")).isEqualTo(3);
        assertThat(ExperimentWorkspace.submissionsPerUser(emulator.counts(), RunId.parse(run), users.subList(0, 3)))
                .hasSize(6).containsOnly(1L);
    }

    @Test
    void missingOrDoubleConfigAndMissingFilesAreBadRequests() throws Exception {
        // when
        HttpResponse<String> missing = api.send(api.post("api/runs", "{}"), TestUsers.OPERATOR);
        HttpResponse<String> both = api.send(api.post("api/runs",
                "{\"config\": \"a/config.yaml\", \"config_yaml\": \"experiment: {}\"}"), TestUsers.OPERATOR);
        HttpResponse<String> absent = api.send(api.post("api/runs", "{\"config\": \"no-such-dir/config.yaml\"}"),
                TestUsers.OPERATOR);

        // then
        assertThat(List.of(missing.statusCode(), both.statusCode(), absent.statusCode())).containsOnly(400);
        assertThat(json(missing).getString("message")).contains("no config", "config_yaml");
        assertThat(json(both).getString("message")).contains("both config and config_yaml");
        assertThat(json(absent).getString("message")).contains("no-such-dir");
    }

    @Test
    void unknownRunIsNotFound() throws Exception {
        // when
        HttpResponse<String> status = api.send(api.get("api/runs/20000101_XX_NONE_001"), TestUsers.VIEWER);
        HttpResponse<String> stop = api.send(api.post("api/runs/20000101_XX_NONE_001/stop", ""), TestUsers.OPERATOR);
        HttpResponse<String> restart = api.send(api.post("api/runs/not-a-run-id/restart", ""), TestUsers.OPERATOR);

        // then
        assertThat(List.of(status.statusCode(), stop.statusCode(), restart.statusCode())).containsOnly(404);
        assertThat(json(status).getString("message")).contains("no run 20000101_XX_NONE_001");
        assertThat(json(restart).getString("message")).contains("YYYYMMDD_TYPE_MODEL_XXX");
    }

    @Test
    void requestsWithoutCredentialsAreChallenged() throws Exception {
        // when
        HttpResponse<String> list = api.send(api.get("api/runs"));
        HttpResponse<String> create = api.send(api.post("api/runs", "{}"));

        // then
        assertThat(list.statusCode()).isEqualTo(401);
        assertThat(create.statusCode()).isEqualTo(401);
        assertThat(list.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
    }

    @Test
    void viewerMayReadButNotCreateStopOrRestart() throws Exception {
        // when
        HttpResponse<String> list = api.send(api.get("api/runs"), TestUsers.VIEWER);
        HttpResponse<String> create = api.send(api.post("api/runs", "{}"), TestUsers.VIEWER);
        HttpResponse<String> stop = api.send(api.post("api/runs/20000101_XX_NONE_001/stop", ""), TestUsers.VIEWER);
        HttpResponse<String> restart = api.send(api.post("api/runs/20000101_XX_NONE_001/restart", ""), TestUsers.VIEWER);

        // then
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(List.of(create.statusCode(), stop.statusCode(), restart.statusCode())).containsOnly(403);
    }

    private static List<String> runIds(JsonObject runList) {
        return runList.getJsonArray("runs").getValuesAs(JsonObject.class).stream()
                .map(status -> status.getString("run_id")).toList();
    }
}
