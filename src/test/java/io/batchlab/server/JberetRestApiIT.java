package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** JBeret's REST API in the WAR, over real HTTP: BASIC authentication, viewer reads, only operators change. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
class JberetRestApiIT {

    private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @ArquillianResource
    URL webApp;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SmokeJobDeployment.create();
    }

    @Test
    void viewerListsJobs() throws Exception {
        // when
        HttpResponse<String> response = send(get("api/jobs").header("Authorization", TestUsers.VIEWER.basicAuthorization()));

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).getValueType()).isEqualTo(JsonStructure.ValueType.ARRAY);
    }

    @Test
    void requestWithoutCredentialsIsChallengedForBasicAuthentication() throws Exception {
        // when
        HttpResponse<String> response = send(get("api/jobs"));

        // then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
    }

    @Test
    void wrongPasswordIsRejected() throws Exception {
        // given
        TestUsers.Credentials wrong = new TestUsers.Credentials(TestUsers.OPERATOR.name(), "not-the-password");

        // when
        HttpResponse<String> response = send(startSmokeJob("wrong").header("Authorization", wrong.basicAuthorization()));

        // then
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void viewerMayNotStartJobs() throws Exception {
        // when
        HttpResponse<String> response = send(startSmokeJob("viewer")
                .header("Authorization", TestUsers.VIEWER.basicAuthorization()));

        // then
        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void startWithoutCredentialsIsChallenged() throws Exception {
        // when
        HttpResponse<String> response = send(startSmokeJob("anonymous"));

        // then
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void operatorStartsJobThatCompletesWithItsParameters() throws Exception {
        // when
        HttpResponse<String> started = send(startSmokeJob("rest")
                .header("Authorization", TestUsers.OPERATOR.basicAuthorization()));

        // then
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        long executionId = json(started.body()).asJsonObject().getJsonNumber("executionId").longValue();
        JsonObject execution = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> jobExecution(executionId), body -> FINISHED.contains(body.getString("batchStatus")));
        assertThat(execution.getString("batchStatus")).isEqualTo("COMPLETED");
        assertThat(execution.getString("exitStatus")).isEqualTo(SmokeBatchlet.exitStatusFor("rest"));
        assertThat(execution.getString("jobName")).isEqualTo(SmokeJobDeployment.JOB);
    }

    @Test
    void methodsOutsideTheDeclaredOnesAreDenied() throws Exception {
        // when
        HttpResponse<String> response = send(HttpRequest.newBuilder(api("api/jobs"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", TestUsers.OPERATOR.basicAuthorization()));

        // then
        assertThat(response.statusCode()).isEqualTo(403);
    }

    private JsonObject jobExecution(long executionId) throws Exception {
        HttpResponse<String> response = send(get("api/jobexecutions/" + executionId)
                .header("Authorization", TestUsers.VIEWER.basicAuthorization()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).asJsonObject();
    }

    private HttpRequest.Builder startSmokeJob(String greeting) {
        String parameters = Json.createObjectBuilder().add("greeting", greeting).build().toString();
        return HttpRequest.newBuilder(api("api/jobs/" + SmokeJobDeployment.JOB + "/start"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(parameters));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(api(path)).header("Accept", "application/json").GET();
    }

    private URI api(String path) {
        return URI.create(webApp.toString()).resolve(path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonStructure json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.read();
        }
    }
}
