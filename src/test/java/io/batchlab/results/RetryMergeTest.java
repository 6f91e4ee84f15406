package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryMergeTest {

    private static final RunId RUN = RunId.parse("20240408_CT_DS70B_001");
    private static final UserId USER = new UserId("31499533");
    private static final JsonObject FIRST_BATCH = Json.createObjectBuilder()
            .add("id", "batch_01").add("object", "batch").add("status", "expired").build();
    private static final JsonObject RETRY_BATCH = Json.createObjectBuilder()
            .add("id", "batch_02").add("object", "batch").add("status", "completed").build();

    @TempDir
    Path dir;

    private ExperimentStore store;
    private JsonObject before;

    /** r00001 answered, r00002 expired, r00003 without any line, r00004 refused; each request with a key of its own. */
    @BeforeEach
    void partialUser() throws IOException {
        store = ExperimentStore.open(dir.resolve("experiments"));
        store.userRunDir(USER, RUN);
        StringBuilder lines = new StringBuilder();
        for (String customId : List.of("r00001", "r00002", "r00003", "r00004")) {
            lines.append("{\"custom_id\":\"").append(customId)
                    .append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\n");
        }
        Files.writeString(store.batchFile(USER, RUN), lines, StandardCharsets.UTF_8);
        Path output = write("output.jsonl", answered("r00001", "favor"));
        Path errors = write("errors.jsonl", failed("r00002", "batch_expired"), refused("r00004"));
        UserResults.write(store, RUN, USER, new Provenance("m-1", "ab".repeat(32), null), FIRST_BATCH, output,
                errors);
        // record keys as input.record_key would give them; and a key no writer knows yet, which a merge must keep
        JsonObject written = read();
        JsonArrayBuilder requests = Json.createArrayBuilder();
        for (JsonObject request : written.getJsonArray("requests").getValuesAs(JsonObject.class)) {
            requests.add(Json.createObjectBuilder(request).add("record_key", "post-" + request.getString("custom_id")));
        }
        JsonObject extended = Json.createObjectBuilder(written).add("requests", requests).add("future_key", 7).build();
        AtomicFiles.writeString(store.resultsFile(USER, RUN), extended.toString());
        before = read();
    }

    @Test
    void answersOfTheAttemptReplaceOnlyTheirRequestsAndEverythingCountedIsRecomputed() throws IOException {
        // given: the attempt asked r00002..r00004; two answered, r00004 expired again
        Path output = write("retry-output.jsonl", answered("r00002", "against"), answered("r00003", "neutral"));
        Path errors = write("retry-errors.jsonl", failed("r00004", "batch_expired"));

        // when
        ResultStatus status = RetryMerge.merge(store, RUN, USER, 1, List.of("r00002", "r00003", "r00004"),
                RETRY_BATCH, output, errors);

        // then
        JsonObject after = read();
        assertThat(status).isEqualTo(ResultStatus.PARTIAL);
        assertThat(after.getString("status")).isEqualTo("partial");
        assertThat(after.getJsonObject("summary")).isEqualTo(Json.createObjectBuilder()
                .add("requests", 4).add("succeeded", 3).add("failed", 1).add("missing", 0).build());
        assertThat(strings(after, "unanswered")).containsExactly("r00004");
        List<JsonObject> was = requests(before);
        List<JsonObject> now = requests(after);
        assertThat(now.get(0)).isEqualTo(was.get(0));
        assertThat(now.get(1).getString("answer")).isEqualTo("against");
        assertThat(now.get(1).getInt("status_code")).isEqualTo(200);
        assertThat(now.get(1).get("error")).isEqualTo(JsonValue.NULL);
        assertThat(now.get(1).getString("record_key")).isEqualTo("post-r00002");
        assertThat(now.get(2).getString("answer")).isEqualTo("neutral");
        assertThat(now.get(3)).as("asked again, still unanswered: kept as it was").isEqualTo(was.get(3));
        assertThat(after.getJsonObject("batch")).isEqualTo(FIRST_BATCH);
        assertThat(after.getString("model")).isEqualTo("m-1");
        assertThat(after.getString("config_sha256")).isEqualTo("ab".repeat(32));
        assertThat(after.getInt("future_key")).isEqualTo(7);
        assertThat(List.copyOf(after.keySet())).containsExactlyElementsOf(append(List.copyOf(before.keySet()),
                "retries"));
        assertThat(after.getJsonArray("retries")).containsExactly(Json.createObjectBuilder()
                .add("attempt", 1).add("requests", 3).add("answered", 2).add("batch", RETRY_BATCH).build());
        assertThat(UserResults.status(store.resultsFile(USER, RUN))).hasValue(ResultStatus.PARTIAL);
    }

    @Test
    void aSecondAttemptCompletesTheUserAndIsAppended() throws IOException {
        // given
        RetryMerge.merge(store, RUN, USER, 1, List.of("r00002", "r00003", "r00004"), RETRY_BATCH,
                write("o1.jsonl", answered("r00002", "against"), answered("r00003", "neutral")), null);

        // when
        ResultStatus status = RetryMerge.merge(store, RUN, USER, 2, List.of("r00004"), RETRY_BATCH,
                write("o2.jsonl", answered("r00004", "favor")), null);

        // then
        JsonObject after = read();
        assertThat(status).isEqualTo(ResultStatus.COMPLETE);
        assertThat(after.getJsonObject("summary").getInt("succeeded")).isEqualTo(4);
        assertThat(strings(after, "unanswered")).isEmpty();
        assertThat(after.getJsonArray("retries").getValuesAs(JsonObject.class))
                .extracting(retry -> retry.getInt("attempt")).containsExactly(1, 2);
        assertThat(requests(after).get(0)).isEqualTo(requests(before).get(0));
    }

    @Test
    void anAttemptWithoutAnyAnswerLeavesTheRequestsAsTheyWereAndCountsTheMissingOnes() throws IOException {
        // when: the retry's batch failed, no output at all
        ResultStatus status = RetryMerge.merge(store, RUN, USER, 1, List.of("r00002", "r00003", "r00004"),
                RETRY_BATCH, null, null);

        // then
        JsonObject after = read();
        assertThat(status).isEqualTo(ResultStatus.PARTIAL);
        assertThat(after.getJsonArray("requests")).isEqualTo(before.getJsonArray("requests"));
        assertThat(after.getJsonObject("summary")).isEqualTo(before.getJsonObject("summary"));
        assertThat(after.getJsonObject("summary").getInt("missing")).isEqualTo(1);
        assertThat(after.getJsonArray("retries").getJsonObject(0).getInt("answered")).isZero();
    }

    private Path write(String name, JsonObject... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, java.util.Arrays.stream(lines).map(JsonObject::toString).toList(), StandardCharsets.UTF_8);
        return file;
    }

    private JsonObject read() throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(store.resultsFile(USER, RUN)))) {
            return reader.readObject();
        }
    }

    private static JsonObject answered(String customId, String answer) {
        return RequestResultTest.line(customId, RequestResultTest.response(200,
                AnswerTest.completion(AnswerTest.message(answer), "stop")), JsonValue.NULL);
    }

    private static JsonObject failed(String customId, String code) {
        return RequestResultTest.line(customId, JsonValue.NULL, Json.createObjectBuilder()
                .add("code", code).add("message", code).build());
    }

    private static JsonObject refused(String customId) {
        return RequestResultTest.line(customId, RequestResultTest.response(400, Json.createObjectBuilder()
                .add("error", Json.createObjectBuilder().add("code", "invalid_request").add("message", "no"))
                .build()), JsonValue.NULL);
    }

    private static List<String> append(List<String> keys, String key) {
        List<String> all = new java.util.ArrayList<>(keys);
        all.add(key);
        return all;
    }

    private static List<JsonObject> requests(JsonObject results) {
        return results.getJsonArray("requests").getValuesAs(JsonObject.class);
    }

    private static List<String> strings(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
