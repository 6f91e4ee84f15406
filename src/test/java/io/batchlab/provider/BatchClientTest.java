package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.provider.CannedProviderServer.Canned;
import io.batchlab.provider.CannedProviderServer.Received;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BatchClient over real HTTP against canned, real-shaped Groq answers. */
class BatchClientTest {

    private static final String KEY = "gsk_canned_test_key_1234567890";

    private CannedProviderServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws IOException {
        server = new CannedProviderServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private BatchClient client() {
        return client(2);
    }

    private BatchClient client(int maxRetries) {
        return BatchClient.create(ProviderSettings.defaults(server.baseUri(), Secret.of(KEY))
                .withPacing(1000, 4)
                .withRetries(maxRetries, Duration.ofMillis(5), Duration.ofMillis(20)));
    }

    @Test
    void uploadSendsAMultipartWithTheFileItsNameAndPurposeBatchAuthorisedByTheKey() throws IOException {
        // given
        Path jsonl = Files.writeString(dir.resolve("batch.jsonl"), "{\"custom_id\":\"u1-0\"}\n");
        server.thenAnswer(Canned.json(200, RecordedBodies.text("file.json")));

        // when
        FileObject file;
        try (BatchClient client = client()) {
            file = client.upload(jsonl, BatchClient.uploadFilename("20240408_CT_DS70B_001", "u001"));
        }

        // then
        assertThat(file.id()).isEqualTo("file_01jh6x76wtemjr74t1fh0faj5t");
        Received request = server.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri().getPath()).isEqualTo("/openai/v1/files");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(request.bodyText())
                .contains("name=\"file\"; filename=\"batchlab_20240408_CT_DS70B_001_u001.jsonl\"")
                .contains("{\"custom_id\":\"u1-0\"}")
                .containsPattern("name=\"purpose\"\\r\\n(.*\\r\\n)*\\r\\nbatch\\r\\n");
    }

    @Test
    void createBatchPostsTheChatCompletionsEndpointWindowAndMetadata() {
        // given
        server.thenAnswer(Canned.json(200, RecordedBodies.text("batch-completed.json")));

        // when
        Batch batch;
        try (BatchClient client = client()) {
            batch = client.createBatch("file_1", "24h", Map.of("run_id", "r1", "user_id", "u1"));
        }

        // then
        assertThat(batch.id()).isEqualTo("batch_01jh6xa7reempvjyh6n3yst2zw");
        Received request = server.received().get(0);
        assertThat(request.uri().getPath()).isEqualTo("/openai/v1/batches");
        assertThat(request.header("Content-Type")).startsWith("application/json");
        var body = jakarta.json.Json.createReader(new java.io.StringReader(request.bodyText())).readObject();
        assertThat(body.getString("input_file_id")).isEqualTo("file_1");
        assertThat(body.getString("endpoint")).isEqualTo("/v1/chat/completions");
        assertThat(body.getString("completion_window")).isEqualTo("24h");
        assertThat(body.getJsonObject("metadata").getString("run_id")).isEqualTo("r1");
        assertThat(body.getJsonObject("metadata").getString("user_id")).isEqualTo("u1");
    }

    @Test
    void retrieveBatchesMakesOneCallPerTwoHundredIds() {
        // given
        List<String> ids = IntStream.range(0, 450).mapToObj(i -> "batch_" + i).toList();
        server.thenAnswer(Canned.json(200, RecordedBodies.text("batches-page-2.json")));

        // when
        List<Batch> batches;
        try (BatchClient client = client()) {
            batches = client.retrieveBatches(ids);
        }

        // then
        assertThat(server.received()).hasSize(3);
        assertThat(server.received()).extracting(r -> r.uri().getRawQuery().split("&").length)
                .containsExactly(200, 200, 50);
        assertThat(server.received().get(2).uri().getRawQuery()).startsWith("id=batch_400&id=batch_401");
        assertThat(batches).hasSize(3);
    }

    @Test
    void listBatchesFollowsNextCursorToTheLastPage() {
        // given
        server.thenAnswer(Canned.json(200, RecordedBodies.text("batches-page-1.json")))
                .thenAnswer(Canned.json(200, RecordedBodies.text("batches-page-2.json")));

        // when
        List<Batch> batches;
        try (BatchClient client = client()) {
            batches = client.listBatches();
        }

        // then
        assertThat(batches).extracting(Batch::id).containsExactly("batch_a", "batch_b");
        assertThat(server.received()).extracting(r -> r.uri().getRawQuery()).containsExactly(null, "cursor=cursor_2");
    }

    @Test
    void deleteFileReportsDeletedAndTreatsAnUnknownFileAsAlreadyGone() {
        // given
        server.thenAnswer(Canned.json(200, RecordedBodies.text("file-deleted.json")))
                .thenAnswer(Canned.json(404, "{\"error\":{\"message\":\"file not found\",\"type\":\"invalid_request_error\"}}"));

        // when
        boolean first;
        boolean second;
        try (BatchClient client = client()) {
            first = client.deleteFile("file_01jh6x76wtemjr74t1fh0faj5t");
            second = client.deleteFile("file_01jh6x76wtemjr74t1fh0faj5t");
        }

        // then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(server.received()).extracting(Received::method).containsExactly("DELETE", "DELETE");
    }

    @Test
    void retryWaitsAtLeastTheRetryAfterMsTheServerAskedFor() {
        // given
        server.thenAnswer(Canned.json(429, RecordedBodies.text("error-rate-limit.json")).withHeader("retry-after-ms", "700"))
                .thenAnswer(Canned.json(200, RecordedBodies.text("batch-completed.json")));

        // when
        Batch batch;
        try (BatchClient client = client()) {
            batch = client.retrieveBatch("batch_01jh6xa7reempvjyh6n3yst2zw");
        }

        // then
        assertThat(batch.status()).isEqualTo(BatchStatus.COMPLETED);
        List<Received> requests = server.received();
        assertThat(requests).hasSize(2);
        Duration waited = Duration.ofNanos(requests.get(1).nanoTime() - requests.get(0).nanoTime());
        assertThat(waited).isBetween(Duration.ofMillis(700), Duration.ofSeconds(5));
    }

    @Test
    void retryWaitsAtLeastTheRetryAfterSecondsTheServerAskedFor() {
        // given
        server.thenAnswer(Canned.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}")
                        .withHeader("retry-after", "1"))
                .thenAnswer(Canned.json(200, RecordedBodies.text("file.json")));

        // when
        try (BatchClient client = client()) {
            client.fileInfo("file_01jh6x76wtemjr74t1fh0faj5t");
        }

        // then
        List<Received> requests = server.received();
        Duration waited = Duration.ofNanos(requests.get(1).nanoTime() - requests.get(0).nanoTime());
        assertThat(waited).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(6));
    }

    @Test
    void givesUpAfterMaxRetriesAndRaisesTheLastError() {
        // given
        server.thenAnswer(Canned.json(502, "<html>Bad Gateway</html>"));

        // when / then
        try (BatchClient client = client(3)) {
            assertThatThrownBy(() -> client.listModels())
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(502))
                    .hasMessageContaining("HTTP 502")
                    .hasMessageContaining("Bad Gateway");
        }
        assertThat(server.received()).hasSize(4);
    }

    @Test
    void doesNotRetryAClientError() {
        // given
        server.thenAnswer(Canned.json(400, RecordedBodies.text("error-model-decommissioned.json")));

        // when / then
        try (BatchClient client = client(3)) {
            assertThatThrownBy(() -> client.retrieveBatch("batch_x"))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void createBatchIsNotRepeatedAfterAServerErrorBecauseTheBatchMayExist() {
        // given
        server.thenAnswer(Canned.json(500, "{\"error\":{\"message\":\"internal\",\"type\":\"server_error\"}}"));

        // when / then
        try (BatchClient client = client(3)) {
            assertThatThrownBy(() -> client.createBatch("file_1", "24h", Map.of()))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(500));
        }
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void createBatchIsRepeatedAfterARateLimitBecauseNothingWasCreated() {
        // given
        server.thenAnswer(Canned.json(429, RecordedBodies.text("error-rate-limit.json")).withHeader("retry-after-ms", "10"))
                .thenAnswer(Canned.json(200, RecordedBodies.text("batch-completed.json")));

        // when
        Batch batch;
        try (BatchClient client = client(3)) {
            batch = client.createBatch("file_1", "24h", Map.of());
        }

        // then
        assertThat(batch.id()).isEqualTo("batch_01jh6xa7reempvjyh6n3yst2zw");
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void downloadCutMidStreamIsRetriedAndRestartsTheFileFromScratch() throws IOException {
        // given
        server.thenAnswer(Canned.bytes("partial-").cutShortOf(1000))
                .thenAnswer(Canned.bytes("line 1\nline 2\n"));
        Path target = Files.writeString(dir.resolve("output.jsonl.tmp"), "stale content from an earlier attempt");

        // when
        try (BatchClient client = client()) {
            client.download("file_out", target);
        }

        // then
        assertThat(Files.readString(target)).isEqualTo("line 1\nline 2\n");
        assertThat(server.received()).hasSize(2);
        assertThat(server.received().get(0).uri().getPath()).isEqualTo("/openai/v1/files/file_out/content");
    }

    @Test
    void aRefusedConnectionBecomesAProviderIoException() throws IOException {
        // given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProviderSettings settings = ProviderSettings.defaults(URI.create("http://127.0.0.1:" + closedPort + "/openai/v1"),
                Secret.of(KEY)).withRetries(1, Duration.ofMillis(1), Duration.ofMillis(2));

        // when / then
        try (BatchClient client = BatchClient.create(settings)) {
            assertThatThrownBy(client::listFiles)
                    .isInstanceOf(ProviderIoException.class)
                    .hasMessageContaining("list files failed")
                    .satisfies(e -> assertThat(((ProviderException) e).retryable()).isTrue());
        }
    }

    @Test
    void pacesCallsToTheConfiguredRequestsPerSecond() {
        // given
        server.thenAnswer(Canned.json(200, RecordedBodies.text("models.json")));
        int calls = 6;
        double requestsPerSecond = 5;

        // when
        long start = System.nanoTime();
        try (BatchClient client = BatchClient.create(ProviderSettings.defaults(server.baseUri(), Secret.of(KEY))
                .withPacing(requestsPerSecond, 4))) {
            for (int i = 0; i < calls; i++) {
                client.listModels();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis((long) ((calls - 1) / requestsPerSecond * 1000)));
        List<Received> requests = server.received();
        Duration firstToLast = Duration.ofNanos(requests.get(calls - 1).nanoTime() - requests.get(0).nanoTime());
        // The first request may arrive late (connection set-up on a busy machine), which shortens this span; an
        // unpaced burst takes milliseconds, so 800 ms still proves the pacing.
        assertThat(firstToLast).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void theKeyNeverReachesLogsOrErrorMessages() {
        // given
        server.thenAnswer(Canned.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}"))
                .thenAnswer(Canned.json(401, RecordedBodies.text("error-invalid-api-key.json")));
        ProviderException failure;

        // when
        try (LogCapture logs = new LogCapture(); BatchClient client = client()) {
            failure = org.junit.jupiter.api.Assertions.assertThrows(ProviderException.class,
                    () -> client.retrieveBatch("batch_1"));

            // then
            assertThat(logs.lines()).as("the retry was logged").anySatisfy(line -> assertThat(line).contains("retry 1"));
            assertThat(logs.lines()).as("wire debugging shows the header, redacted")
                    .anySatisfy(line -> assertThat(line).contains("Authorization: Bearer ***"));
            assertThat(logs.lines()).noneSatisfy(line -> assertThat(line).contains(KEY));
        }
        assertThat(failure.status()).isEqualTo(401);
        assertThat(failure.getMessage()).doesNotContain(KEY);
        assertThat(String.valueOf(failure)).doesNotContain(KEY);
        assertThat(failure.dooms()).isTrue();
    }
}
