package io.batchlab.server;

import static io.batchlab.server.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.store.RunId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
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

/**
 * The attacks of issue 12, performed by a {@code batch-operator} against the provisioned server over real HTTP: each
 * must be refused with its status code, and no file content, secret or stack trace may show anywhere — responses,
 * exit statuses, status.json, the server log. A listener on 127.0.0.1 stands for an attacker's host: it must receive
 * nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
class SecurityIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");
    /** The first line of every /etc/passwd. */
    private static final String PASSWD_LINE = "root:x:0:0:";

    @ArquillianResource
    URL webApp;
    private ApiClient api;
    private GroqEmulator emulator;
    private HttpServer attacker;
    private final List<String> attackerSaw = new CopyOnWriteArrayList<>();
    private final List<String> everythingSeen = new ArrayList<>();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SmokeJobDeployment.create();
    }

    @BeforeEach
    void start() throws Exception {
        api = new ApiClient(webApp);
        attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        attacker.createContext("/", exchange -> {
            attackerSaw.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        attacker.start();
    }

    @AfterEach
    void stop() throws Exception {
        attacker.stop(0);
        if (emulator != null) {
            emulator.close();
        }
        // nothing any attack produced shows a file's content, the key or a stack trace, nor does the server log
        everythingSeen.addAll(statusFiles());
        everythingSeen.add(Files.readString(serverLog(), StandardCharsets.UTF_8));
        assertThat(everythingSeen).allSatisfy(text -> assertThat(text)
                .doesNotContain(PASSWD_LINE)
                .doesNotContain(System.getenv("GROQ_API_KEY")));
        for (String line : secretLines(managementUsers())) {
            assertThat(everythingSeen).allSatisfy(text -> assertThat(text).doesNotContain(line));
        }
        assertThat(everythingSeen.subList(0, everythingSeen.size() - 1)).allSatisfy(text -> assertThat(text)
                .doesNotContain("\tat ").doesNotContain("stackTrace"));
        assertThat(attackerSaw).isEmpty();
    }

    @Test
    void configUsersAndInputPathsOutsideTheDataRootsAreRefusedWithoutTheirContent() throws Exception {
        // given
        Path mgmtUsers = managementUsers();
        String dataRoot = System.getProperty("batchlab.it.inputs");
        String validYaml = ExperimentWorkspace.inlineConfig(validConfig("sec-paths"));

        // when
        List<HttpResponse<String>> refused = List.of(
                createRun(Json.createObjectBuilder().add("config", "/etc/passwd")),
                createRun(Json.createObjectBuilder().add("config", mgmtUsers.toString())),
                createRun(Json.createObjectBuilder().add("config", "../../../../../../../../etc/passwd")),
                createRun(Json.createObjectBuilder().add("config_yaml", validYaml).add("users", "/etc/passwd")),
                createRun(Json.createObjectBuilder().add("config_yaml", validYaml).add("users", mgmtUsers.toString())),
                createRun(Json.createObjectBuilder().add("config_yaml",
                        validYaml.replaceAll("jsonl: .*", "jsonl: /etc/passwd"))),
                createRun(Json.createObjectBuilder().add("config_yaml",
                        validYaml.replaceAll("jsonl: .*", "jsonl: ../../../../../../../etc/passwd"))));

        // then: 400 naming the allowed root, never what is in the file or whether it exists
        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains("outside the directories this server reads from", dataRoot);
        });
    }

    @Test
    void symbolicLinksOutOfTheDataRootAreRefused() throws Exception {
        // given: a link to a file and a link to a directory, both inside the data root and pointing out of it
        Path root = Path.of(System.getProperty("batchlab.it.inputs"));
        Files.createDirectories(root);
        Path fileLink = Files.createSymbolicLink(root.resolve("passwd-" + UUID.randomUUID()), Path.of("/etc/passwd"));
        Path dirLink = Files.createSymbolicLink(root.resolve("etc-" + UUID.randomUUID()), Path.of("/etc"));
        Path mgmtLink = Files.createSymbolicLink(root.resolve("mgmt-" + UUID.randomUUID()), managementUsers());
        String validYaml = ExperimentWorkspace.inlineConfig(validConfig("sec-links"));

        // when
        List<HttpResponse<String>> refused = List.of(
                createRun(Json.createObjectBuilder().add("config", fileLink.toString())),
                createRun(Json.createObjectBuilder().add("config", fileLink.getFileName().toString())),
                createRun(Json.createObjectBuilder().add("config", dirLink.resolve("passwd").toString())),
                createRun(Json.createObjectBuilder().add("config_yaml", validYaml).add("users", mgmtLink.toString())),
                createRun(Json.createObjectBuilder().add("config_yaml",
                        validYaml.replaceAll("jsonl: .*", "jsonl: " + dirLink.getFileName() + "/passwd"))));

        // then
        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains("outside the directories this server reads from");
        });
    }

    @Test
    void jobStartedThroughJberetRestWithServerFilesFailsWithoutTheirContent() throws Exception {
        // when
        long config = startJob(Json.createObjectBuilder().add("config", "/etc/passwd"));
        long users = startJob(Json.createObjectBuilder().add("config", validConfig("sec-rest").toString())
                .add("users", managementUsers().toString()));

        // then: the reason is in the exit status, the content nowhere
        JsonObject configExecution = awaitExecution(config);
        assertThat(configExecution.getString("batchStatus")).isEqualTo("FAILED");
        assertThat(configExecution.getString("exitStatus")).contains("outside the directories this server reads");
        assertThat(awaitExecution(users).getString("exitStatus")).contains("outside the directories");
    }

    @Test
    void theKeyGoesToNoProviderOutsideTheAllowList() throws Exception {
        // given: configs whose provider is the attacker's listener
        URI foreign = URI.create("http://127.0.0.1:" + attacker.getAddress().getPort() + "/openai/v1");
        Path config = validConfig("sec-key");
        String foreignYaml = ExperimentWorkspace.inlineConfig(config)
                .replaceAll("base_url: .*", "base_url: " + foreign);
        Path foreignConfig = Files.writeString(config.resolveSibling("foreign.yaml"),
                Files.readString(config).replaceAll("base_url: .*", "base_url: " + foreign));

        // when: through the runs API, and through JBeret's REST API by config and by job parameter
        HttpResponse<String> inline = createRun(Json.createObjectBuilder().add("config_yaml", foreignYaml));
        HttpResponse<String> byPath = createRun(Json.createObjectBuilder().add("config", foreignConfig.toString()));
        long byJobConfig = startJob(Json.createObjectBuilder().add("config", foreignConfig.toString()));
        long byJobParameter = startJob(Json.createObjectBuilder().add("config", config.toString())
                .add("providerBaseUrl", foreign.toString()));

        // then: refused before any call; the listener (checked after each test) saw nothing
        assertThat(List.of(inline, byPath)).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).contains("is not one of the providers this server sends its API key to");
        });
        assertThat(awaitExecution(byJobConfig).getString("exitStatus")).contains("is not one of the providers");
        assertThat(awaitExecution(byJobParameter).getString("exitStatus"))
                .contains("unknown parameter providerBaseUrl");
    }

    @Test
    void onlyTheDocumentedOperationsAndParametersAreOffered() throws Exception {
        // given
        Path elsewhere = Path.of(System.getProperty("java.io.tmpdir"), "batchlab-injected-" + UUID.randomUUID());
        String inlineJob = "<job id=\"x\" xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"2.0\"><step id=\"s\">"
                + "<batchlet ref=\"createRunBatchlet\"/></step></job>";

        // when
        HttpResponse<String> submit = send(api.post("api/jobs/submit", inlineJob));
        HttpResponse<String> schedule = send(api.post("api/jobs/experiment/schedule", "{}"));
        HttpResponse<String> schedules = send(api.get("api/schedules"));
        HttpResponse<String> resubmit = send(api.post("api/jobexecutions/1/resubmit", inlineJob));
        HttpResponse<String> pathAsJob = send(api.post("api/jobs/..%2F..%2Fetc%2Fpasswd/start", "{}"));
        long injected = startJob(Json.createObjectBuilder().add("config", validConfig("sec-inject").toString())
                .add("experimentsRoot", elsewhere.toString()));

        // then
        assertThat(List.of(submit, schedule, schedules, resubmit)).allSatisfy(response ->
                assertThat(response.statusCode()).as(response.body()).isEqualTo(404));
        assertThat(pathAsJob.statusCode()).as(pathAsJob.body()).isEqualTo(404);
        assertThat(json(submit).getString("message")).contains("does not offer");
        JsonObject execution = awaitExecution(injected);
        assertThat(execution.getString("batchStatus")).isEqualTo("FAILED");
        assertThat(execution.getString("exitStatus")).contains("experimentsRoot cannot be set on the server");
        assertThat(elsewhere).doesNotExist();
    }

    @Test
    void browserFormPostsAreRefusedAndErrorsCarryNoStackTrace() throws Exception {
        // when: what an HTML form or a no-cors fetch on another site can send with the operator's cached login
        HttpResponse<String> form = send(api.post("api/runs", "application/x-www-form-urlencoded",
                "config=%2Fetc%2Fpasswd"));
        HttpResponse<String> text = send(api.post("api/runs", "text/plain", "{\"config\": \"/etc/passwd\"}"));
        HttpResponse<String> multipart = send(api.post("api/jobs/experiment/start",
                "multipart/form-data; boundary=x", "--x--"));
        HttpResponse<String> bare = send(HttpRequest.newBuilder(api.api("api/jobexecutions/1/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> unknownExecution = send(api.get("api/jobexecutions/987654321"));
        HttpResponse<String> stopUnknown = send(api.post("api/jobexecutions/987654321/stop", ""));
        HttpResponse<String> broken = send(api.post("api/runs", "{\"config\": "));

        // then
        assertThat(List.of(form, text, multipart, bare)).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
            assertThat(json(response).getString("message")).contains("Content-Type: application/json");
        });
        assertThat(unknownExecution.statusCode()).isEqualTo(404);
        assertThat(stopUnknown.statusCode()).isEqualTo(404);
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(List.of(unknownExecution, stopUnknown, broken)).allSatisfy(response ->
                assertThat(json(response).getString("message")).isNotBlank());
    }

    @Test
    void twoFacesStartingOneRunAtOnceSubmitEveryUserExactlyOnce() throws Exception {
        // given: a run whose batches stay in progress for seconds, stopped after everyone was submitted
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofSeconds(5)));
        List<String> users = ExperimentWorkspace.users("sec-double", 6);
        Path config = ExperimentWorkspace.writeConfig("sec-double", emulator.baseUri(), users);
        HttpResponse<String> created = createRun(Json.createObjectBuilder().add("config", config.toString()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String run = json(created).getString("run_id");

        // when: while its first execution runs, JBeret's REST API starts the same run
        long intruder = startJob(Json.createObjectBuilder().add("runId", run));

        // then: refused at once, naming the holder
        JsonObject refused = awaitExecution(intruder);
        assertThat(refused.getString("batchStatus")).isEqualTo("FAILED");
        assertThat(refused.getString("exitStatus")).contains("run " + run + " is already being worked on by job "
                + "execution");

        // when: stopped, then the runs API and JBeret's REST API start it at the same instant
        await().atMost(DEADLINE).pollInterval(POLL).until(() -> runStatus(run).getJsonObject("counts")
                .getInt("submitted") == users.size());
        assertThat(send(api.post("api/runs/" + run + "/stop", "")).statusCode()).isEqualTo(202);
        await().atMost(DEADLINE).pollInterval(POLL).until(() -> "STOPPED".equals(runStatus(run).getString("state")));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService faces = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<String>> viaRunsApi = faces.submit(at(go,
                    () -> send(api.post("api/runs/" + run + "/restart", ""))));
            Future<Long> viaJberet = faces.submit(at(go, () -> startJob(Json.createObjectBuilder().add("runId", run))));
            go.countDown();
            HttpResponse<String> restarted = viaRunsApi.get();
            JsonObject jberetExecution = awaitExecution(viaJberet.get());

            // then: the run completes, each user uploaded and batched exactly once over all executions
            assertThat(restarted.statusCode()).as(restarted.body()).isIn(202, 409);
            await().atMost(DEADLINE).pollInterval(POLL).until(() ->
                    "COMPLETED".equals(runStatus(run).getString("state")));
            assertThat(jberetExecution.getString("batchStatus")).isIn("COMPLETED", "FAILED");
            assertThat(ExperimentWorkspace.submissionsPerUser(emulator.counts(), RunId.parse(run), users))
                    .hasSize(2 * users.size()).containsOnly(1L);
        } finally {
            faces.shutdownNow();
        }
    }

    private static <T> Callable<T> at(CountDownLatch go, Callable<T> action) {
        return () -> {
            go.await();
            return action.call();
        };
    }

    /** A config.yaml (and its input) under the data root, pointing at the ITs' emulator port. */
    private static Path validConfig(String name) throws Exception {
        URI emulatorUrl = URI.create("http://127.0.0.1:" + System.getProperty("batchlab.it.emulator-port")
                + "/openai/v1");
        return ExperimentWorkspace.writeConfig(name, emulatorUrl, ExperimentWorkspace.users(name, 2));
    }

    private HttpResponse<String> createRun(JsonObjectBuilder body) throws Exception {
        return send(api.post("api/runs", body.build().toString()));
    }

    /** Starts the experiment job through JBeret's REST API; its execution id. */
    private long startJob(JsonObjectBuilder parameters) throws Exception {
        HttpResponse<String> started = send(api.post("api/jobs/experiment/start", parameters.build().toString()));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        return json(started).getJsonNumber("executionId").longValue();
    }

    private JsonObject awaitExecution(long execution) {
        return await().atMost(DEADLINE).pollInterval(POLL)
                .until(() -> json(send(api.get("api/jobexecutions/" + execution))),
                        body -> FINISHED.contains(body.getString("batchStatus")));
    }

    private JsonObject runStatus(String run) throws Exception {
        return json(send(api.get("api/runs/" + run))).getJsonObject("status");
    }

    /** As the operator; every body is kept for the checks after the test. */
    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = api.send(request, TestUsers.OPERATOR);
        everythingSeen.add(response.body());
        return response;
    }

    private static Path managementUsers() {
        return Path.of(System.getProperty("jboss.home"), "standalone", "configuration", "mgmt-users.properties");
    }

    /** Every status.json of the ITs' experiments root. */
    private static List<String> statusFiles() throws Exception {
        Path runs = Path.of(System.getProperty("batchlab.it.experiments"), "runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path status : dirs.map(dir -> dir.resolve("status.json")).filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(status, StandardCharsets.UTF_8));
            }
        }
        return texts;
    }

    private static Path serverLog() {
        return Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
    }

    /** The lines that hold a user's password hash. */
    private static List<String> secretLines(Path file) throws Exception {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(line -> !line.isBlank() && !line.startsWith("#") && line.contains("=")).toList();
        }
    }
}
