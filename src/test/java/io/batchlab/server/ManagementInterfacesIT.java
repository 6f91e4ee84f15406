package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WildFly's management interfaces start the deployment's jobs and report them: the HTTP management API (JSON, DIGEST
 * authentication) and JMX over the management port.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
class ManagementInterfacesIT {

    @ArquillianResource
    ManagementClient managementClient;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SmokeJobDeployment.create();
    }

    @Test
    void startJobOperationRunsTheJobToCompletion() throws Exception {
        // given
        JsonArray batchSubsystem = Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("deployment", SmokeJobDeployment.NAME))
                .add(Json.createObjectBuilder().add("subsystem", "batch-jberet"))
                .build();
        JsonObject startJob = Json.createObjectBuilder()
                .add("operation", "start-job")
                .add("address", batchSubsystem)
                .add("job-xml-name", SmokeJobDeployment.JOB)
                .add("properties", Json.createObjectBuilder().add("greeting", "management"))
                .build();

        try (CloseableHttpClient admin = client(TestUsers.ADMIN)) {
            // when
            ManagementResponse started = post(admin, startJob);

            // then
            assertThat(started.status()).as(started.body().toString()).isEqualTo(200);
            long executionId = started.body().getJsonNumber("result").longValue();
            JsonObject execution = Json.createObjectBuilder()
                    .add("operation", "read-resource")
                    .add("include-runtime", true)
                    .add("address", Json.createArrayBuilder(batchSubsystem)
                            .add(Json.createObjectBuilder().add("job", SmokeJobDeployment.JOB))
                            .add(Json.createObjectBuilder().add("execution", Long.toString(executionId))))
                    .build();
            // A new execution can be missing from the model for a moment (WFLYCTL0216): poll until it shows as done.
            JsonObject finished = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> post(admin, execution).body(), body -> "success".equals(body.getString("outcome"))
                            && !"STARTING".equals(batchStatus(body)) && !"STARTED".equals(batchStatus(body)))
                    .getJsonObject("result");
            assertThat(finished.getString("batch-status")).isEqualTo("COMPLETED");
            assertThat(finished.getString("exit-status")).isEqualTo(SmokeBatchlet.exitStatusFor("management"));
        }
    }

    @Test
    void requestWithoutCredentialsIsChallengedForDigest() throws Exception {
        // given
        JsonObject readSubsystem = Json.createObjectBuilder().add("operation", "read-resource").build();

        try (CloseableHttpClient anonymous = HttpClients.createDefault();
             // when
             var response = anonymous.execute(managementRequest(readSubsystem))) {

            // then
            assertThat(response.getStatusLine().getStatusCode()).isEqualTo(401);
            assertThat(response.getFirstHeader("WWW-Authenticate").getValue()).startsWith("Digest");
        }
    }

    @Test
    void startJobMBeanOperationRunsTheJobToCompletion() throws Exception {
        // given
        ObjectName batchSubsystem =
                new ObjectName("jboss.as:deployment=" + SmokeJobDeployment.NAME + ",subsystem=batch-jberet");
        Map<String, Object> credentials =
                Map.of(JMXConnector.CREDENTIALS, new String[] {TestUsers.ADMIN.name(), TestUsers.ADMIN.password()});

        try (JMXConnector connector = JMXConnectorFactory.connect(managementClient.getRemoteJMXURL(), credentials)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();

            // when
            long executionId = (Long) server.invoke(batchSubsystem, "startJob",
                    new Object[] {SmokeJobDeployment.JOB, null},
                    new String[] {String.class.getName(), TabularData.class.getName()});

            // then
            ObjectName execution = new ObjectName(
                    batchSubsystem + ",job=" + SmokeJobDeployment.JOB + ",execution=" + executionId);
            // Execution MBeans can appear a moment after the start.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> server.isRegistered(execution)
                            && !Set.of("STARTING", "STARTED").contains(server.getAttribute(execution, "batchStatus")));
            assertThat(server.getAttribute(execution, "batchStatus")).isEqualTo("COMPLETED");
            assertThat(server.getAttribute(execution, "exitStatus")).isEqualTo(SmokeBatchlet.exitStatusFor("world"));
        }
    }

    private static String batchStatus(JsonObject readResourceResult) {
        return readResourceResult.getJsonObject("result").getString("batch-status");
    }

    /** Status and JSON body of one management operation. */
    private record ManagementResponse(int status, JsonObject body) {
    }

    private ManagementResponse post(CloseableHttpClient client, JsonObject operation) throws Exception {
        try (var response = client.execute(managementRequest(operation))) {
            String body = EntityUtils.toString(response.getEntity());
            try (var reader = Json.createReader(new StringReader(body))) {
                return new ManagementResponse(response.getStatusLine().getStatusCode(), reader.readObject());
            }
        }
    }

    private HttpPost managementRequest(JsonObject operation) {
        HttpPost request = new HttpPost("http://" + managementClient.getMgmtAddress() + ":"
                + managementClient.getMgmtPort() + "/management");
        request.setEntity(new StringEntity(operation.toString(), ContentType.APPLICATION_JSON));
        return request;
    }

    private CloseableHttpClient client(TestUsers.Credentials user) {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(user.name(), user.password()));
        return HttpClients.custom().setDefaultCredentialsProvider(credentials).build();
    }
}
