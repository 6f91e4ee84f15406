package io.batchlab.server;

import static io.batchlab.server.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/** {@code POST /api/runs/{id}/retry} on WildFly: operator only, refused while the run runs, asks only what is missing. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
class RetryApiIT {

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
    void operatorRetriesOnlyTheMissingRequestsViewerMayNotAndARunningRunIsRefused() throws Exception {
        // given: a run whose batches stay in progress for a few seconds; one user's batch expires, one fails
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofSeconds(3)));
        List<String> users = ExperimentWorkspace.users("rest-retry", 5);
        emulator.setFaults(FaultSettings.none().withExpireUsers(Set.of(users.get(1)))
                .withFailUsers(Set.of(users.get(3))));
        Path config = ExperimentWorkspace.writeConfig("rest-retry", emulator.baseUri(), users);
        String run = json(api.send(api.post("api/runs", Json.createObjectBuilder().add("config", config.toString())
                .build().toString()), TestUsers.OPERATOR)).getString("run_id");

        // when: asked to retry while its job runs
        HttpResponse<String> whileRunning = api.send(api.post("api/runs/" + run + "/retry", ""), TestUsers.OPERATOR);

        // then
        assertThat(whileRunning.statusCode()).as(whileRunning.body()).isEqualTo(409);
        assertThat(json(whileRunning).getString("message")).contains(run).contains("is running");

        // given: the run has finished with two users unanswered
        JsonObject finished = awaitRun(run, "COMPLETED", 3);
        assertThat(finished.getJsonObject("status").getJsonObject("counts").getInt("failed")).isEqualTo(2);
        ExperimentStore store = ExperimentWorkspace.store();
        RunId runId = RunId.parse(run);
        Map<String, List<String>> unanswered = new HashMap<>();
        for (String user : users) {
            unanswered.put(user, strings(results(store, runId, user), "unanswered"));
        }
        assertThat(unanswered.get(users.get(1))).hasSize(1);
        assertThat(unanswered.get(users.get(3))).hasSize(1);
        emulator.setFaults(FaultSettings.none());

        // when: a viewer asks
        HttpResponse<String> byViewer = api.send(api.post("api/runs/" + run + "/retry", ""), TestUsers.VIEWER);

        // then
        assertThat(byViewer.statusCode()).isEqualTo(403);

        // when: an operator asks
        HttpResponse<String> retry = api.send(api.post("api/runs/" + run + "/retry", ""), TestUsers.OPERATOR);

        // then: the two missing requests, and only they, were asked again
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        JsonObject started = json(retry);
        assertThat(started.getInt("users")).isEqualTo(2);
        assertThat(started.getInt("requests")).isEqualTo(2);
        assertThat(started.getJsonNumber("job_execution_id").longValue()).isPositive();
        JsonObject retried = awaitRun(run, "COMPLETED", 5);
        assertThat(retried.getJsonObject("status").getJsonObject("counts").getInt("failed")).isZero();
        assertThat(retried.getJsonArray("job_executions").getValuesAs(JsonObject.class))
                .extracting(execution -> execution.getJsonNumber("execution_id").longValue())
                .contains(started.getJsonNumber("job_execution_id").longValue());
        EmulatorCounts counts = emulator.counts();
        for (String user : users) {
            JsonObject results = results(store, runId, user);
            assertThat(results.getString("status")).as(user).isEqualTo("complete");
            for (JsonObject request : results.getJsonArray("requests").getValuesAs(JsonObject.class)) {
                String customId = request.getString("custom_id");
                assertThat(counts.requestsReceived(run, user, customId)).as(user + " " + customId)
                        .isEqualTo(unanswered.get(user).contains(customId) ? 2 : 1);
            }
        }

        // when: asked again with nothing missing
        HttpResponse<String> nothing = api.send(api.post("api/runs/" + run + "/retry", ""), TestUsers.OPERATOR);

        // then
        assertThat(nothing.statusCode()).as(nothing.body()).isEqualTo(200);
        assertThat(json(nothing).getString("message")).startsWith("nothing is missing");
        assertThat(json(nothing).isNull("job_execution_id")).isTrue();
        assertThat(emulator.counts().requestsPerCustomId()).isEqualTo(counts.requestsPerCustomId());
    }

    private JsonObject awaitRun(String run, String state, int completed) {
        return await().atMost(DEADLINE).pollInterval(POLL)
                .until(() -> json(api.send(api.get("api/runs/" + run), TestUsers.VIEWER)),
                        body -> state.equals(body.getJsonObject("status").getString("state"))
                                && body.getJsonObject("status").getJsonObject("counts").getInt("completed") == completed);
    }

    private static JsonObject results(ExperimentStore store, RunId run, String user) throws Exception {
        try (InputStream in = Files.newInputStream(store.resultsFile(new UserId(user), run));
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        }
    }

    private static List<String> strings(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
