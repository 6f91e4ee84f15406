package io.batchlab.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchLifecycleTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final Map<String, String> META = Map.of("run_id", "20240408_CT_DS70B_001", "user_id", "u1");

    private GroqEmulator emulator;
    private EmulatorTestClient client;

    private void start(Duration validating, Duration inProgress, Duration finalizing) throws Exception {
        emulator = GroqEmulator.start(EmulatorSettings.defaults().withDurations(validating, inProgress, finalizing));
        client = new EmulatorTestClient(emulator);
    }

    private void startFast() throws Exception {
        start(Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private JsonObject awaitStatus(String batchId, String status) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> client.status(batchId).equals(status));
        return client.batch(batchId);
    }

    @Test
    void heldBatchesStayInProgressPastTheirPlannedEndAndFinishOnceReleased() throws Exception {
        // given: a batch planned to complete within about a second, created while batches are held
        startFast();
        emulator.setFaults(FaultSettings.none().withHoldBatches(true));
        String batchId = client.createBatch(client.uploadId("in.jsonl", EmulatorTestClient.lines(5)), META).json()
                .getString("id");
        Instant planned = emulator.completionTime(batchId).orElseThrow();

        // when: its planned completion has passed
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                .until(() -> Instant.now().isAfter(planned.plusMillis(200)));

        // then
        assertThat(client.status(batchId)).isEqualTo("in_progress");
        assertThat(client.batch(batchId).get("output_file_id")).isEqualTo(JsonValue.NULL);

        // when
        emulator.setFaults(FaultSettings.none());

        // then
        JsonObject released = client.batch(batchId);
        assertThat(released.getString("status")).isEqualTo("completed");
        assertThat(released.getJsonObject("request_counts").getInt("completed")).isEqualTo(5);
    }

    @Test
    void batchPassesThroughEveryStateToCompletedAndAnswersEveryCustomIdInShuffledOrder() throws Exception {
        // given
        startFast();
        String fileId = client.uploadId("in.jsonl", EmulatorTestClient.lines(40));

        // when
        JsonObject created = client.createBatch(fileId, META).json();
        String batchId = created.getString("id");
        List<String> seen = new ArrayList<>();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
            String status = client.status(batchId);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            return status.equals("completed");
        });
        JsonObject batch = client.batch(batchId);

        // then
        assertThat(created.getString("status")).isEqualTo("validating");
        assertThat(created.getJsonObject("request_counts").getInt("total")).isZero();
        assertThat(List.of("validating", "in_progress", "finalizing", "completed")).containsSubsequence(seen);
        assertThat(seen).contains("in_progress").endsWith("completed");
        assertThat(batch.getString("object")).isEqualTo("batch");
        assertThat(batch.getString("endpoint")).isEqualTo("/v1/chat/completions");
        assertThat(batch.getString("completion_window")).isEqualTo("24h");
        assertThat(batch.getJsonObject("metadata").getString("user_id")).isEqualTo("u1");
        assertThat(batch.get("errors")).isEqualTo(JsonValue.NULL);
        assertThat(batch.get("error_file_id")).isEqualTo(JsonValue.NULL);
        assertThat(batch.keySet()).contains("failed_at", "expired_at", "cancelling_at", "cancelled_at", "expires_at");
        long createdAt = batch.getJsonNumber("created_at").longValue();
        assertThat(batch.getJsonNumber("in_progress_at").longValue()).isBetween(createdAt, createdAt + 1);
        assertThat(batch.getJsonNumber("completed_at").longValue())
                .isGreaterThanOrEqualTo(batch.getJsonNumber("finalizing_at").longValue());
        assertThat(batch.getJsonNumber("expires_at").longValue()).isEqualTo(createdAt + 24 * 3600);
        JsonObject counts = batch.getJsonObject("request_counts");
        assertThat(List.of(counts.getInt("total"), counts.getInt("completed"), counts.getInt("failed")))
                .containsExactly(40, 40, 0);

        List<JsonObject> output = client.jsonLines(batch.getString("output_file_id"));
        List<String> customIds = output.stream().map(line -> line.getString("custom_id")).toList();
        List<String> inputOrder = IntStream.rangeClosed(1, 40).mapToObj(i -> "r" + i).toList();
        assertThat(customIds).containsExactlyInAnyOrderElementsOf(inputOrder).isNotEqualTo(inputOrder);
        JsonObject first = output.get(0);
        assertThat(first.getString("id")).startsWith("batch_req_");
        assertThat(first.get("error")).isEqualTo(JsonValue.NULL);
        JsonObject response = first.getJsonObject("response");
        assertThat(response.getInt("status_code")).isEqualTo(200);
        assertThat(response.getString("request_id")).startsWith("req_");
        JsonObject body = response.getJsonObject("body");
        assertThat(body.getString("object")).isEqualTo("chat.completion");
        assertThat(body.getString("service_tier")).isEqualTo("batch");
        assertThat(body.getString("system_fingerprint")).contains("not_an_llm");
        assertThat(body.getJsonObject("x_groq").getString("id")).isEqualTo(response.getString("request_id"));
        assertThat(body.getJsonObject("usage").keySet()).contains("prompt_tokens", "completion_tokens",
                "total_tokens", "queue_time", "prompt_time", "completion_time", "total_time");
        assertThat(client.get("/files/" + batch.getString("output_file_id")).json().getString("purpose"))
                .isEqualTo("batch_output");
    }

    @Test
    void badLinesAreReportedWithTheirLineNumbersWhileValidLinesComplete() throws Exception {
        // given
        startFast();
        String model = "llama-3.1-8b-instant";
        String content = String.join("\n",
                EmulatorTestClient.line("ok1", model, "one"),
                "{not json",
                "{\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"" + model
                        + "\",\"messages\":[]}}",
                EmulatorTestClient.line("get", model, "x").replace("\"POST\"", "\"GET\""),
                EmulatorTestClient.line("url", model, "x").replace("/v1/chat/completions", "/v1/embeddings"),
                EmulatorTestClient.line("ok1", model, "duplicate"),
                EmulatorTestClient.line("unknown-model", "no-such-model", "x"),
                "{\"custom_id\":\"nobody\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\"}",
                EmulatorTestClient.line("ok2", model, "two")) + "\n";
        String fileId = client.uploadId("mixed.jsonl", content);

        // when
        String batchId = client.createBatchId(fileId, META);
        JsonObject batch = awaitStatus(batchId, "completed");

        // then
        List<JsonObject> errors = batch.getJsonObject("errors").getJsonArray("data").getValuesAs(JsonObject.class);
        assertThat(errors).extracting(e -> e.getInt("line") + ":" + e.getString("code") + ":" + paramOf(e))
                .containsExactly(
                        "2:invalid_json:null",
                        "3:missing_required_parameter:custom_id",
                        "4:invalid_method:method",
                        "5:invalid_url:url",
                        "6:duplicate_custom_id:custom_id",
                        "7:model_not_found:body.model",
                        "8:missing_required_parameter:body");
        assertThat(errors.get(3).getString("message")).contains("line 5", "/v1/embeddings", "/v1/chat/completions");
        JsonObject counts = batch.getJsonObject("request_counts");
        assertThat(List.of(counts.getInt("total"), counts.getInt("completed"), counts.getInt("failed")))
                .containsExactly(9, 2, 7);
        assertThat(client.jsonLines(batch.getString("output_file_id")))
                .extracting(line -> line.getString("custom_id")).containsExactlyInAnyOrder("ok1", "ok2");
        assertThat(client.jsonLines(batch.getString("error_file_id")))
                .extracting(line -> line.getString("custom_id") + ":" + line.getJsonObject("error").getString("code"))
                .containsExactlyInAnyOrder("get:invalid_method", "url:invalid_url", "unknown-model:model_not_found",
                        "nobody:missing_required_parameter");
    }

    private static String paramOf(JsonObject error) {
        return error.isNull("param") ? "null" : error.getString("param");
    }

    @Test
    void duplicateCustomIdFailsOnlyTheLaterLine() throws Exception {
        // given
        startFast();
        String model = "openai/gpt-oss-20b";
        String fileId = client.uploadId("dup.jsonl", EmulatorTestClient.line("same", model, "first") + "\n"
                + EmulatorTestClient.line("same", model, "second") + "\n");

        // when
        JsonObject batch = awaitStatus(client.createBatchId(fileId, META), "completed");

        // then
        JsonObject error = batch.getJsonObject("errors").getJsonArray("data").getJsonObject(0);
        assertThat(error.getString("code")).isEqualTo("duplicate_custom_id");
        assertThat(error.getInt("line")).isEqualTo(2);
        assertThat(error.getString("message")).contains("'same'");
        List<JsonObject> output = client.jsonLines(batch.getString("output_file_id"));
        assertThat(output).singleElement().satisfies(line -> assertThat(line.getJsonObject("response")
                .getJsonObject("body").getJsonObject("usage").getInt("prompt_tokens")).isEqualTo(2));
    }

    @Test
    void fileWithMoreThan50000LinesFailsAfterValidation() throws Exception {
        // given
        startFast();
        StringBuilder content = new StringBuilder();
        String line = EmulatorTestClient.line("x", "llama-3.1-8b-instant", "q");
        for (int i = 0; i <= BatchInputValidator.MAX_LINES; i++) {
            content.append(line.replace("\"x\"", "\"r" + i + "\"")).append('\n');
        }
        String fileId = client.uploadId("big.jsonl", content.toString());

        // when
        JsonObject batch = awaitStatus(client.createBatchId(fileId, META), "failed");

        // then
        JsonObject error = batch.getJsonObject("errors").getJsonArray("data").getJsonObject(0);
        assertThat(error.getString("code")).isEqualTo("too_many_lines");
        assertThat(error.getString("message")).contains("50000");
        assertThat(batch.get("failed_at")).isNotEqualTo(JsonValue.NULL);
        assertThat(batch.get("output_file_id")).isEqualTo(JsonValue.NULL);
        assertThat(batch.get("in_progress_at")).isEqualTo(JsonValue.NULL);
    }

    @Test
    void decommissionedModelIsRejectedAtCreateWith400NamingAReplacement() throws Exception {
        // given
        startFast();
        String fileId = client.uploadId("ds.jsonl",
                EmulatorTestClient.line("a", "deepseek-r1-distill-llama-70b", "q") + "\n");

        // when
        EmulatorTestClient.Reply reply = client.createBatch(fileId, META);

        // then
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorCode()).isEqualTo("model_decommissioned");
        assertThat(reply.json().getJsonObject("error").getString("message"))
                .contains("deepseek-r1-distill-llama-70b", "openai/gpt-oss-120b");
        assertThat(client.get("/batches").json().getJsonArray("data")).isEmpty();
    }

    @Test
    void unknownModelOfTheFirstLineIsRejectedAtCreateWith404() throws Exception {
        // given
        startFast();
        String fileId = client.uploadId("unknown.jsonl", EmulatorTestClient.line("a", "gpt-17", "q") + "\n");

        // when
        EmulatorTestClient.Reply reply = client.createBatch(fileId, META);

        // then
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.errorCode()).isEqualTo("model_not_found");
        assertThat(reply.json().getJsonObject("error").getString("message")).contains("gpt-17");
    }

    @Test
    void createChecksTheInputFileTheEndpointAndTheCompletionWindow() throws Exception {
        // given
        startFast();
        String fileId = client.uploadId("in.jsonl", EmulatorTestClient.lines(1));
        String outputFileId = emulator.addSyntheticFile("out.jsonl", 2000);

        // when / then
        assertThat(client.createBatch("file_missing", META).status()).isEqualTo(404);
        EmulatorTestClient.Reply wrongPurpose = client.createBatch(outputFileId, META);
        assertThat(wrongPurpose.status()).isEqualTo(400);
        assertThat(wrongPurpose.errorCode()).isEqualTo("invalid_file_purpose");
        EmulatorTestClient.Reply shortWindow = client.postJson("/batches", "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"1h\"}");
        assertThat(shortWindow.status()).isEqualTo(400);
        assertThat(shortWindow.json().getJsonObject("error").getString("param")).isEqualTo("completion_window");
        EmulatorTestClient.Reply embeddings = client.postJson("/batches", "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/embeddings\",\"completion_window\":\"7d\"}");
        assertThat(embeddings.status()).isEqualTo(400);
        EmulatorTestClient.Reply sevenDays = client.postJson("/batches", "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"7d\"}");
        assertThat(sevenDays.status()).isEqualTo(200);
        assertThat(sevenDays.json().getJsonObject("metadata")).isEmpty();
    }

    @Test
    void batchOfAnExpireUserExpiresHalfWayWithPartialOutputAndAnErrorFile() throws Exception {
        // given
        startFast();
        emulator.setFaults(FaultSettings.none().withExpireUsers(Set.of("u1")));
        String fileId = client.uploadId("in.jsonl", EmulatorTestClient.lines(40));

        // when
        JsonObject batch = awaitStatus(client.createBatchId(fileId, META), "expired");

        // then
        assertThat(batch.get("expired_at")).isNotEqualTo(JsonValue.NULL);
        assertThat(batch.get("completed_at")).isEqualTo(JsonValue.NULL);
        List<JsonObject> output = client.jsonLines(batch.getString("output_file_id"));
        List<JsonObject> errors = client.jsonLines(batch.getString("error_file_id"));
        assertThat(output).hasSize(20);
        assertThat(errors).hasSize(20).allSatisfy(line -> {
            assertThat(line.get("response")).isEqualTo(JsonValue.NULL);
            assertThat(line.getJsonObject("error").getString("code")).isEqualTo("batch_expired");
        });
        Set<String> all = new HashSet<>();
        output.forEach(line -> all.add(line.getString("custom_id")));
        errors.forEach(line -> all.add(line.getString("custom_id")));
        assertThat(all).hasSize(40);
        JsonObject counts = batch.getJsonObject("request_counts");
        assertThat(List.of(counts.getInt("total"), counts.getInt("completed"), counts.getInt("failed")))
                .containsExactly(40, 20, 20);
    }

    @Test
    void completionWindowOverrideExpiresABatchStillInProgress() throws Exception {
        // given
        start(Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofMillis(100));
        emulator.setFaults(FaultSettings.none().withCompletionWindowOverride(Duration.ofMillis(1500)));
        String fileId = client.uploadId("in.jsonl", EmulatorTestClient.lines(100));

        // when
        JsonObject batch = awaitStatus(client.createBatchId(fileId, META), "expired");

        // then
        assertThat(batch.getJsonNumber("expires_at").longValue() - batch.getJsonNumber("created_at").longValue())
                .isBetween(1L, 2L);
        int answered = batch.getJsonObject("request_counts").getInt("completed");
        assertThat(answered).isBetween(1, 99);
        assertThat(client.lines(batch.getString("output_file_id"))).hasSize(answered);
        assertThat(client.lines(batch.getString("error_file_id"))).hasSize(100 - answered);
    }

    @Test
    void batchOfAFailUserFailsWithErrorsAndNoOutput() throws Exception {
        // given
        startFast();
        emulator.setFaults(FaultSettings.none().withFailUsers(Set.of("u1")));
        String fileId = client.uploadId("in.jsonl", EmulatorTestClient.lines(5));

        // when
        JsonObject batch = awaitStatus(client.createBatchId(fileId, META), "failed");

        // then
        assertThat(batch.getJsonObject("errors").getJsonArray("data").getJsonObject(0).getString("message"))
                .contains("u1");
        assertThat(batch.get("output_file_id")).isEqualTo(JsonValue.NULL);
        assertThat(batch.get("error_file_id")).isEqualTo(JsonValue.NULL);
        assertThat(batch.get("failed_at")).isNotEqualTo(JsonValue.NULL);
    }

    @Test
    void countsGrowWhileInProgressAndCancelKeepsThePartialOutput() throws Exception {
        // given
        start(Duration.ofMillis(100), Duration.ofSeconds(4), Duration.ofMillis(300));
        String fileId = client.uploadId("in.jsonl", EmulatorTestClient.lines(200));
        String batchId = client.createBatchId(fileId, META);
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
            JsonObject batch = client.batch(batchId);
            int completed = batch.getJsonObject("request_counts").getInt("completed");
            return batch.getString("status").equals("in_progress") && completed > 0 && completed < 200;
        });

        // when
        EmulatorTestClient.Reply cancel = client.postJson("/batches/" + batchId + "/cancel", "");

        // then
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().getString("status")).isEqualTo("cancelling");
        assertThat(cancel.json().get("cancelling_at")).isNotEqualTo(JsonValue.NULL);
        JsonObject batch = awaitStatus(batchId, "cancelled");
        JsonObject counts = batch.getJsonObject("request_counts");
        int answered = counts.getInt("completed");
        assertThat(answered).isBetween(1, 199);
        assertThat(counts.getInt("failed")).isEqualTo(200 - answered);
        assertThat(batch.get("cancelled_at")).isNotEqualTo(JsonValue.NULL);
        assertThat(client.lines(batch.getString("output_file_id"))).hasSize(answered);
        assertThat(client.jsonLines(batch.getString("error_file_id")))
                .hasSize(200 - answered)
                .allSatisfy(line -> assertThat(line.getJsonObject("error").getString("code"))
                        .isEqualTo("batch_cancelled"));
        EmulatorTestClient.Reply again = client.postJson("/batches/" + batchId + "/cancel", "");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errorCode()).isEqualTo("batch_not_cancellable");
    }

    @Test
    void multiGetReturnsTheAskedBatchesAndSkipsUnknownIds() throws Exception {
        // given
        startFast();
        String fileId = client.uploadId("in.jsonl", EmulatorTestClient.lines(1));
        List<String> ids = IntStream.range(0, 3).mapToObj(i -> client.createBatchId(fileId, META)).toList();
        client.createBatchId(fileId, META);

        // when
        JsonObject list = client.get("/batches?id=" + ids.get(0) + "&id=" + ids.get(1) + "&id=batch_unknown&id="
                + ids.get(2)).json();

        // then
        assertThat(list.getString("object")).isEqualTo("list");
        assertThat(list.getJsonArray("data").getValuesAs(JsonObject.class)).extracting(b -> b.getString("id"))
                .containsExactlyElementsOf(ids);
        String tooMany = IntStream.range(0, 201).mapToObj(i -> "id=b" + i).collect(Collectors.joining("&"));
        assertThat(client.get("/batches?" + tooMany).status()).isEqualTo(400);
    }

    @Test
    void listPagesThroughAllBatchesNewestFirstByCursor() throws Exception {
        // given
        startFast();
        String fileId = client.uploadId("in.jsonl", EmulatorTestClient.lines(1));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(client.createBatchId(fileId, Map.of("run_id", "20240408_CT_DS70B_001", "user_id", "u" + i)));
        }

        // when
        List<String> listed = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = client.get("/batches?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            List<JsonObject> data = page.getJsonArray("data").getValuesAs(JsonObject.class);
            pageSizes.add(data.size());
            data.forEach(batch -> listed.add(batch.getString("id")));
            JsonObject paging = page.getJsonObject("paging");
            cursor = paging.containsKey("next_cursor") ? paging.getString("next_cursor") : null;
            assertThat(page.getBoolean("has_more")).isEqualTo(cursor != null);
        } while (cursor != null);

        // then
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(listed).containsExactlyElementsOf(newestFirst);
        assertThat(client.get("/batches?cursor=batch_nope").status()).isEqualTo(400);
    }

    @Test
    void twoBatchesOfTheSameFileGetTheSameAnswerForEveryCustomId() throws Exception {
        // given
        startFast();
        String fileId = client.uploadId("in.jsonl", EmulatorTestClient.lines(10));
        String first = client.createBatchId(fileId, META);
        String second = client.createBatchId(fileId, META);

        // when
        Map<String, String> firstAnswers = answersByCustomId(awaitStatus(first, "completed"));
        Map<String, String> secondAnswers = answersByCustomId(awaitStatus(second, "completed"));

        // then
        assertThat(firstAnswers).hasSize(10).isEqualTo(secondAnswers);
        assertThat(new HashSet<>(firstAnswers.values())).hasSize(10);
    }

    private Map<String, String> answersByCustomId(JsonObject batch) {
        return client.jsonLines(batch.getString("output_file_id")).stream().collect(Collectors.toMap(
                line -> line.getString("custom_id"),
                line -> line.getJsonObject("response").getJsonObject("body").getJsonArray("choices")
                        .getJsonObject(0).getJsonObject("message").getString("content")));
    }
}
