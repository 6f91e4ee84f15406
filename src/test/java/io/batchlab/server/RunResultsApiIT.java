package io.batchlab.server;

import static io.batchlab.server.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.emulator.GroqEmulator;
import io.batchlab.results.ExportFormat;
import io.batchlab.results.ExportRow;
import io.batchlab.results.ParquetRows;
import io.batchlab.results.RunExport;
import io.batchlab.results.RunSummaries;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished run's summary and export over the runs API, as a viewer reads them: the same bytes and numbers as
 * {@code batchlab results --json} and {@code batchlab export} over the same tree.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunResultsApiIT {

    private static final int USERS = 4;

    @ArquillianResource
    URL webApp;
    private ApiClient api;
    private GroqEmulator emulator;
    private String run;
    private String firstUser;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SmokeJobDeployment.create();
    }

    @BeforeEach
    void connect() throws Exception {
        api = new ApiClient(webApp);
        if (run == null) {
            finishRun();
        }
    }

    /** One finished run for every test of the class: the tests only read it. */
    private void finishRun() throws Exception {
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofMillis(300)));
        List<String> users = ExperimentWorkspace.users("results-api", USERS);
        firstUser = users.get(0);
        Path config = ExperimentWorkspace.writeConfig("results-api", emulator.baseUri(), users);
        HttpResponse<String> created = api.send(api.post("api/runs", ApiClient.newRun(config)), TestUsers.OPERATOR);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        run = json(created).getString("run_id");
        api.awaitRun(run, "COMPLETED");
    }

    @AfterAll
    void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void viewerReadsTheSummaryTheCliWouldPrint() throws Exception {
        // when
        HttpResponse<String> response = api.send(api.get("api/runs/" + run + "/results"), TestUsers.VIEWER);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(RunSummaries.of(store(), RunId.parse(run)).toJson());
        assertThat(json(response).getInt("users")).isEqualTo(USERS);
        assertThat(json(response).getJsonObject("by_status").getInt("answered"))
                .isEqualTo(json(response).getInt("requests")).isPositive();
    }

    @Test
    void viewerDownloadsTheCsvExportByteForByteAsTheCliWritesIt() throws Exception {
        // when
        HttpResponse<byte[]> response = download("api/runs/" + run + "/export?format=csv");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type.toLowerCase()).startsWith("text/csv").contains("charset=utf-8"));
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + run + ".csv\"");
        assertThat(response.body()).isEqualTo(localExport(ExportFormat.CSV));
        String csv = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(csv).startsWith(String.join(",", ExportRow.COLUMNS) + "\r\n");
        assertThat(csv.split("\r\n")).hasSizeGreaterThan(USERS);
    }

    @Test
    void csvIsTheDefaultAndJsonlIsOffered() throws Exception {
        // when
        HttpResponse<byte[]> byDefault = download("api/runs/" + run + "/export");
        HttpResponse<byte[]> jsonl = download("api/runs/" + run + "/export?format=JSONL");

        // then
        assertThat(byDefault.body()).isEqualTo(localExport(ExportFormat.CSV));
        assertThat(jsonl.statusCode()).isEqualTo(200);
        assertThat(jsonl.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/x-ndjson"));
        assertThat(jsonl.body()).isEqualTo(localExport(ExportFormat.JSONL));
    }

    @Test
    void viewerDownloadsParquetByteForByteAsTheCliWritesItWithTheCsvsRows(@TempDir Path scratch) throws Exception {
        // when
        HttpResponse<byte[]> response = download("api/runs/" + run + "/export?format=parquet");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.apache.parquet");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"" + run + ".parquet\"");
        assertThat(response.body()).isEqualTo(localExport(ExportFormat.PARQUET));
        ParquetRows parquet = ParquetRows.read(response.body(), scratch);
        assertThat(parquet.rows()).hasSizeGreaterThanOrEqualTo(USERS)
                .isEqualTo(parquet.typed(new String(localExport(ExportFormat.CSV), StandardCharsets.UTF_8)));
    }

    @Test
    void unknownFormatIsABadRequestNamingTheAllowedOnes() throws Exception {
        // when
        HttpResponse<String> xlsx = api.send(api.get("api/runs/" + run + "/export?format=xlsx"), TestUsers.VIEWER);

        // then
        assertThat(xlsx.statusCode()).isEqualTo(400);
        assertThat(json(xlsx).getString("message")).contains("format").contains("csv, jsonl or parquet");
    }

    @Test
    void unknownOrForgedRunsAreNotFoundAndAnonymousCallersAreChallenged() throws Exception {
        // when
        HttpResponse<String> unknownResults = api.send(api.get("api/runs/20000101_XX_NONE_001/results"),
                TestUsers.VIEWER);
        HttpResponse<String> unknownExport = api.send(api.get("api/runs/20000101_XX_NONE_001/export"),
                TestUsers.VIEWER);
        HttpResponse<String> traversal = api.send(api.get("api/runs/..%2F..%2Fusers/export"), TestUsers.VIEWER);
        HttpResponse<String> anonymous = api.send(api.get("api/runs/" + run + "/export"));

        // then
        assertThat(List.of(unknownResults.statusCode(), unknownExport.statusCode())).containsOnly(404);
        assertThat(json(unknownExport).getString("message")).contains("no run 20000101_XX_NONE_001");
        assertThat(traversal.statusCode()).isIn(400, 404);
        assertThat(traversal.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain(run + ",");
    }

    @Test
    void anExportWithABrokenResultsFileLateInTheRunIsAnErrorNeverHalfATable() throws Exception {
        // given: a run of many users (more rows than the server buffers) whose last results.json is cut off
        ExperimentStore store = store();
        RunId finished = RunId.parse(run);
        RunId broken = store.allocateRun("CT", "MIDWAY", java.time.LocalDate.now());
        UserId model = new UserId(firstUser);
        Files.copy(store.configFile(finished), store.configFile(broken));
        Files.copy(store.statusFile(finished), store.statusFile(broken));
        List<UserId> users = IntStream.range(0, 1_000).mapToObj(i -> new UserId("midway-" + i)).toList();
        UsersFile.write(store.usersFile(broken), users.iterator());
        for (UserId user : users) {
            store.userRunDir(user, broken);
            Files.copy(store.resultsFile(model, finished), store.resultsFile(user, broken));
        }
        Files.writeString(store.resultsFile(users.get(users.size() - 1), broken), "{\"run_id\": [");

        // when: a caller downloads the export, whose first thousand rows would be readable
        HttpResponse<byte[]> response = download("api/runs/" + broken + "/export");

        // then: an error before the first row, never a 200 that a client could take for the whole table
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(body).contains("reference").doesNotContain("midway-").doesNotContain("run_id")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    private HttpResponse<byte[]> download(String path) throws Exception {
        return api.download(path, TestUsers.VIEWER);
    }

    private byte[] localExport(ExportFormat format) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RunExport.write(store(), RunId.parse(run), format.open(bytes));
        return bytes.toByteArray();
    }

    private static ExperimentStore store() throws Exception {
        return ExperimentWorkspace.store();
    }
}
