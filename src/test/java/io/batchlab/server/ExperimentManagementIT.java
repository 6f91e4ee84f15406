package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.GroqEmulator;
import io.batchlab.job.RunCreator;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatus.State;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The experiment job in WildFly, driven through the server's management model as an operator drives it with
 * jboss-cli ({@code /deployment=…/subsystem=batch-jberet:start-job(…)}, {@code stop-job}, {@code restart-job}) and
 * over JMX with the README's "Run on WildFly"'s jshell command; the provider is the emulator in this JVM, over real HTTP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
class ExperimentManagementIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(250);

    @ArquillianResource
    ManagementClient managementClient;

    private GroqEmulator emulator;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SmokeJobDeployment.create();
    }

    @AfterEach
    void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void jobStartedWithAConfigReachesResultsReceived() throws Exception {
        // given
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofMillis(500)));
        List<String> users = ExperimentWorkspace.users("cli", 6);
        Path config = ExperimentWorkspace.writeConfig("start-job", emulator.baseUri(), users);

        // when
        long execution = BatchManagement.start(managementClient, Map.of("config", config.toString()));

        // then
        RunId run = await().atMost(DEADLINE).pollInterval(POLL)
                .until(() -> ExperimentWorkspace.runOfExecution(execution), found -> found.isPresent()).orElseThrow();
        RunStatus finished = awaitState(run, State.COMPLETED);
        assertThat(finished.step(RunStatus.Step.RESULTS_RECEIVED)).isTrue();
        assertThat(finished.counts().completed()).isEqualTo(users.size());
        assertThat(ExperimentWorkspace.everyoneHasResults(run, users)).isTrue();
        awaitExecutionStatus(execution, "COMPLETED");
    }

    @Test
    void stopAndRestartThroughTheManagementModelResumeWithoutSubmittingAnyoneTwice() throws Exception {
        // given: batches that stay in progress for seconds, so the job waits in collect-results
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofSeconds(5)));
        List<String> users = ExperimentWorkspace.users("stop", 6);
        Path config = ExperimentWorkspace.writeConfig("stop-restart", emulator.baseUri(), users);
        long first = BatchManagement.start(managementClient, Map.of("config", config.toString()));
        RunId run = await().atMost(DEADLINE).pollInterval(POLL)
                .until(() -> ExperimentWorkspace.runOfExecution(first), found -> found.isPresent()).orElseThrow();
        await().atMost(DEADLINE).pollInterval(POLL)
                .until(() -> ExperimentWorkspace.status(run).counts().submitted() == users.size());

        // when: stopped while collecting
        BatchManagement.execute(managementClient, onExecution("stop-job", first));
        RunStatus stopped = awaitState(run, State.STOPPED);

        // then
        assertThat(stopped.step(RunStatus.Step.RESULTS_RECEIVED)).isFalse();
        awaitExecutionStatus(first, "STOPPED");

        // when: restarted with the run's id
        ModelNode restart = onExecution("restart-job", first);
        restart.get("properties").get("runId").set(run.toString());
        long second = BatchManagement.execute(managementClient, restart).asLong();

        // then: the run completes, and every user was uploaded and batched exactly once
        RunStatus finished = awaitState(run, State.COMPLETED);
        assertThat(second).isNotEqualTo(first);
        assertThat(finished.jobExecutionId()).isEqualTo(second);
        assertThat(finished.step(RunStatus.Step.RESULTS_RECEIVED)).isTrue();
        assertThat(ExperimentWorkspace.everyoneHasResults(run, users)).isTrue();
        assertThat(ExperimentWorkspace.submissionsPerUser(emulator.counts(), run, users))
                .hasSize(2 * users.size()).containsOnly(1L);
    }

    @Test
    void documentedJmxCommandStartsAnExistingRunThatReachesResultsReceived() throws Exception {
        // given: a run created ahead, as the runs API and the CLI do
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofMillis(500)));
        List<String> users = ExperimentWorkspace.users("jmx", 4);
        Path config = ExperimentWorkspace.writeConfig("jmx", emulator.baseUri(), users);
        RunId run = RunCreator.create(ExperimentWorkspace.store(), config, null, provider -> provider);

        // when: the README's "Run on WildFly"'s command, startJob on the deployment's batch-jberet MBean
        String output = batchJmx("-R-Dbatch.operation=start", "-R-Dbatch.properties=runId=" + run);

        // then
        assertThat(output).containsPattern("job execution \\d+");
        long execution = Long.parseLong(output.replaceAll("(?s).*job execution (\\d+).*", "$1"));
        RunStatus finished = awaitState(run, State.COMPLETED);
        assertThat(finished.jobExecutionId()).isEqualTo(execution);
        assertThat(finished.step(RunStatus.Step.RESULTS_RECEIVED)).isTrue();
        assertThat(finished.counts().completed()).isEqualTo(users.size());
    }

    /** Runs server-config/jmx/batch-jmx.jsh in jshell as the README's "Run on WildFly" shows, against the ITs' deployment. */
    private String batchJmx(String... settings) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jshell").toString(), "-q",
                "--class-path", Path.of("target", "jmx-client", "wildfly-cli-client.jar").toString(),
                "-R-Dbatch.deployment=" + SmokeJobDeployment.NAME,
                "-R-Djmx.url=" + managementClient.getRemoteJMXURL()));
        command.addAll(List.of(settings));
        command.add(Path.of("server-config", "jmx", "batch-jmx.jsh").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JMX_USER", TestUsers.ADMIN.name());
        builder.environment().put("JMX_PASSWORD", TestUsers.ADMIN.password());
        Process jshell = builder.start();
        jshell.getOutputStream().close();
        String output = new String(jshell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jshell.waitFor(2, TimeUnit.MINUTES)).as("jshell ended").isTrue();
        assertThat(jshell.exitValue()).as(output).isZero();
        return output;
    }

    private static RunStatus awaitState(RunId run, State state) {
        return await().atMost(DEADLINE).pollInterval(POLL)
                .until(() -> ExperimentWorkspace.status(run), status -> state == status.state());
    }

    private static ModelNode onExecution(String name, long execution) {
        ModelNode operation = BatchManagement.operation(name);
        operation.get("execution-id").set(execution);
        return operation;
    }

    /**
     * Fails unless the management model shows the execution with this batch status within the deadline. The model
     * learns of new executions a moment late (WFLYCTL0216 until then), so it is polled.
     */
    private void awaitExecutionStatus(long execution, String expected) {
        await().atMost(DEADLINE).pollInterval(POLL).until(() -> {
            ModelNode response = managementClient.getControllerClient().execute(readExecution(execution));
            return "success".equals(response.get("outcome").asString())
                    ? response.get("result").get("batch-status").asString() : "not in the model yet";
        }, expected::equals);
    }

    private static ModelNode readExecution(long execution) {
        ModelNode operation = new ModelNode();
        operation.get("operation").set("read-resource");
        operation.get("include-runtime").set(true);
        operation.get("address").add("deployment", SmokeJobDeployment.NAME).add("subsystem", "batch-jberet")
                .add("job", "experiment").add("execution", Long.toString(execution));
        return operation;
    }
}
