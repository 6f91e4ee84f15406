package io.batchlab.server;

import static io.batchlab.server.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Prometheus's view of a run: WildFly's {@code /metrics} on the management port, scraped over HTTP without
 * credentials, shows the run's counts and cost as status.json has them and the provider calls and 429s as the
 * provider (the emulator) saw them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
class RunMetricsIT {

    @ArquillianResource
    URL webApp;

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
    void metricsEndpointShowsTheRunsCountsCostAndProviderCallsAsTheyHappened() throws Exception {
        // given: a provider that answers a fifth of all calls 429 and fails one user's batch
        ApiClient api = new ApiClient(webApp);
        URI metrics = URI.create("http://" + managementClient.getMgmtAddress() + ":" + managementClient.getMgmtPort()
                + "/metrics");
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofMillis(500)));
        List<String> users = ExperimentWorkspace.users("metrics", 4);
        emulator.setFaults(FaultSettings.none().withRateLimitedRate(0.2).withFailUsers(Set.of(users.get(1))));
        Path config = ExperimentWorkspace.writeConfig("metrics", emulator.baseUri(), users);
        PrometheusScrape before = PrometheusScrape.of(metrics);

        // when: the run works to its end
        String run = json(api.send(api.post("api/runs", ApiClient.newRun(config)), TestUsers.OPERATOR))
                .getString("run_id");
        // (the server retries a call at most twice, so a run may fail on three 429s in a row; the metrics must show
        // whatever happened)
        await("the run's end").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> ExperimentWorkspace.status(RunId.parse(run)).state(), RunMetricsIT::ended);
        RunStatus status = ExperimentWorkspace.status(RunId.parse(run));
        EmulatorCounts provider = emulator.counts();

        // then: the run's gauges (registered within seconds of the run's creation) equal status.json
        await("the run's gauges").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> users(PrometheusScrape.of(metrics), run, "total"), total -> total == 4);
        PrometheusScrape after = PrometheusScrape.of(metrics);
        assertThat(status.counts().total()).isEqualTo(4);
        if (status.state() == RunStatus.State.COMPLETED) {
            assertThat(status.counts()).isEqualTo(new RunStatus.Counts(4, 4, 4, 3, 1, 0));
            assertThat(status.cost().collected()).isPositive();
        }
        assertThat(users(after, run, "prepared")).isEqualTo(status.counts().prepared());
        assertThat(users(after, run, "submitted")).isEqualTo(status.counts().submitted());
        assertThat(users(after, run, "completed")).isEqualTo(status.counts().completed());
        assertThat(users(after, run, "failed")).isEqualTo(status.counts().failed());
        assertThat(users(after, run, "skipped")).isEqualTo(status.counts().skipped());
        double cost = status.cost() == null || status.cost().collected() == null ? Double.NaN
                : status.cost().collected().doubleValue();
        assertThat(after.value("batchlab_run_cost_usd", Map.of("run_id", run)).orElseThrow()).isEqualTo(cost);

        // and: every call the provider saw, and every 429 it answered, was counted once
        assertThat(provider.rateLimitedCalls()).as("the test needs 429s").isPositive();
        assertThat(after.counter("batchlab_provider_calls_total") - before.counter("batchlab_provider_calls_total"))
                .isEqualTo((double) provider.totalCalls());
        assertThat(after.counter("batchlab_provider_rate_limited_total")
                - before.counter("batchlab_provider_rate_limited_total"))
                .isEqualTo((double) provider.rateLimitedCalls());
    }

    private static boolean ended(RunStatus.State state) {
        return state == RunStatus.State.COMPLETED || state == RunStatus.State.FAILED
                || state == RunStatus.State.STOPPED;
    }

    private static double users(PrometheusScrape scrape, String run, String state) {
        return scrape.value("batchlab_run_users", Map.of("run_id", run, "state", state)).orElse(Double.NaN);
    }
}
