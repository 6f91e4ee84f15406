package io.batchlab.server;

import static io.batchlab.server.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batch windows as operators give them on the server, in real time ({@link WindowScenario}: 5 seconds every 15): a
 * run created through the runs API with a window survives a redeploy while it waits, and a job started over the
 * management API with a {@code window} property waits for it too; both work only inside the window and submit every
 * user exactly once.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
class ServerWindowsIT {

    private static final String DEPLOYMENT = "server-windows";

    @ArquillianResource
    Deployer deployer;

    @ArquillianResource
    ManagementClient managementClient;

    private boolean deployed;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive deployment() {
        return SmokeJobDeployment.create();
    }

    @AfterEach
    void undeploy() {
        if (deployed) {
            deployer.undeploy(DEPLOYMENT);
        }
    }

    @Test
    void aRunQueuedThroughTheRunsApiSurvivesARedeployAndWorksOnlyInsideItsWindow() throws Exception {
        // given
        deploy();
        ApiClient api = new ApiClient(webApp());
        ExperimentStore store = ExperimentWorkspace.store();
        try (WindowScenario scenario = WindowScenario.create(ExperimentWorkspace.inputDirectory("server-windows"),
                ExperimentWorkspace.emulatorPort())) {
            scenario.awaitJustClosed();

            // when: created with a window, then the application is redeployed while the run waits
            HttpResponse<String> created = api.send(api.post("api/runs", Json.createObjectBuilder()
                    .add("config", scenario.config().toString()).add("window", WindowScenario.WINDOW).build()
                    .toString()), TestUsers.OPERATOR);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonObject body = json(created);
            RunId run = RunId.parse(body.getString("run_id"));
            assertThat(body.getString("window")).isEqualTo(WindowScenario.WINDOW);
            assertThat(body.getJsonObject("status").getString("state")).isEqualTo("QUEUED");
            assertThat(body.getJsonArray("job_executions")).isEmpty();
            deployer.undeploy(DEPLOYMENT);
            deployed = false;
            deploy();

            // then
            scenario.assertQueuedUntilTheOpening(store, run);
            scenario.assertStoppedAtACloseAndResumed(store, run);
            scenario.assertCompletedWithEveryUserSubmittedOnce(store, run);
        }
    }

    @Test
    void aJobStartedOverTheManagementApiWithAWindowWaitsForItAndIsTakenUpAtItsOpening() throws Exception {
        // given
        deploy();
        ExperimentStore store = ExperimentWorkspace.store();
        try (WindowScenario scenario = WindowScenario.create(ExperimentWorkspace.inputDirectory("server-windows"),
                ExperimentWorkspace.emulatorPort())) {
            scenario.awaitJustClosed();

            // when: started as jboss-cli's start-job(properties={config=..., window=...}) does
            long execution = BatchManagement.start(managementClient, Map.of("config", scenario.config().toString(),
                    "window", WindowScenario.WINDOW));

            // then: the job ends at once, the run waits for its window, and the server takes it up there
            RunId run = await().atMost(WindowScenario.DEADLINE).until(
                    () -> ExperimentWorkspace.runOfExecution(execution), found -> found.isPresent()).orElseThrow();
            scenario.assertQueuedUntilTheOpening(store, run);
            scenario.assertStoppedAtACloseAndResumed(store, run);
            scenario.assertCompletedWithEveryUserSubmittedOnce(store, run);
        }
    }

    private void deploy() {
        deployer.deploy(DEPLOYMENT);
        deployed = true;
    }

    /** The deployment's root; the test deploys it itself, so Arquillian cannot inject it. */
    private static URL webApp() throws Exception {
        int port = 8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return new URL("http://127.0.0.1:" + port + "/" + SmokeJobDeployment.CONTEXT_ROOT + "/");
    }
}
