package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResultsTest {

    private static final RunId RUN = RunId.parse("20240408_CT_DS70B_001");
    private static final UserId USER = new UserId("31499533");
    private static final JsonObject EXPIRED_BATCH = Json.createObjectBuilder()
            .add("id", "batch_01").add("object", "batch").add("status", "expired").build();
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Provenance PROVENANCE = new Provenance("openai/gpt-oss-20b", SHA, null);

    @TempDir
    Path dir;

    private ExperimentStore store;

    @BeforeEach
    void batchFileOfFourRequests() throws IOException {
        store = ExperimentStore.open(dir.resolve("experiments"));
        store.userRunDir(USER, RUN);
        StringBuilder lines = new StringBuilder();
        for (String customId : List.of("r00001", "r00002", "r00003", "r00004")) {
            lines.append("{\"custom_id\":\"").append(customId)
                    .append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\n");
        }
        Files.writeString(store.batchFile(USER, RUN), lines, StandardCharsets.UTF_8);
    }

    @Test
    void resultsFollowTheBatchFileOrderAndListWhatIsUnansweredAndUnreadable() throws IOException {
        // given: answers out of order, a broken line and a line without custom_id; one expired; one not there at all
        Path output = dir.resolve("output.jsonl");
        Files.write(output, List.of(
                answered("r00003", "against").toString(),
                "{\"custom_id\":\"r00004\",\"response\":{\"status_co",
                answered("r00001", "favor").toString(),
                "{\"id\":\"batch_req_9\",\"response\":null}"), StandardCharsets.UTF_8);
        Path errors = dir.resolve("errors.jsonl");
        Files.write(errors, List.of(RequestResultTest.line("r00002", JsonValue.NULL, Json.createObjectBuilder()
                .add("code", "batch_expired").add("message", "expired").build()).toString()));

        // when
        ResultStatus status = UserResults.write(store, RUN, USER, PROVENANCE, EXPIRED_BATCH, output, errors);

        // then
        assertThat(status).isEqualTo(ResultStatus.PARTIAL);
        JsonObject results = read(store.resultsFile(USER, RUN));
        assertThat(results.keySet()).containsExactly("run_id", "user_id", "status", "model", "config_sha256",
                "summary", "batch", "requests", "unanswered", "problems");
        assertThat(results.getString("model")).isEqualTo("openai/gpt-oss-20b");
        assertThat(results.getString("config_sha256")).isEqualTo(SHA);
        assertThat(results.getString("run_id")).isEqualTo(RUN.toString());
        assertThat(results.getString("user_id")).isEqualTo(USER.value());
        assertThat(results.getString("status")).isEqualTo("partial");
        assertThat(results.getJsonObject("summary")).isEqualTo(Json.createObjectBuilder()
                .add("requests", 4).add("succeeded", 2).add("failed", 1).add("missing", 1).build());
        assertThat(results.getJsonObject("batch")).isEqualTo(EXPIRED_BATCH);
        List<JsonObject> requests = results.getJsonArray("requests").getValuesAs(JsonObject.class);
        assertThat(requests).extracting(r -> r.getString("custom_id"))
                .containsExactly("r00001", "r00002", "r00003", "r00004");
        assertThat(requests).extracting(r -> r.getString("record_key")).containsExactly("1", "2", "3", "4");
        assertThat(requests).extracting(r -> r.isNull("model") ? null : r.getString("model"))
                .containsExactly(RequestResultTest.ANSWERING_MODEL, null, RequestResultTest.ANSWERING_MODEL, null);
        assertThat(requests).extracting(r -> r.isNull("answer") ? null : r.getString("answer"))
                .containsExactly("favor", null, "against", null);
        assertThat(requests.get(1).getJsonObject("error").getString("code")).isEqualTo("batch_expired");
        assertThat(requests.get(3).getJsonObject("error").getString("code")).isEqualTo("missing");
        assertThat(strings(results, "unanswered")).containsExactly("r00002", "r00004");
        assertThat(strings(results, "problems")).hasSize(2);
        assertThat(strings(results, "problems").get(0)).startsWith("output.jsonl line 2: unreadable JSON");
        assertThat(strings(results, "problems").get(1)).isEqualTo("output.jsonl line 4: no custom_id");
        assertThat(UserResults.status(store.resultsFile(USER, RUN))).contains(ResultStatus.PARTIAL);
    }

    @Test
    void anOutputLineThatIsNotUtf8LeavesItsRequestUnansweredAndIsAProblem() throws IOException {
        // given: r00002's line has a byte that is not UTF-8; the other three are answered
        Path output = dir.resolve("output.jsonl");
        byte[] bad = answered("r00002", "b").toString().replace("\"b\"", "\"b#\"").getBytes(StandardCharsets.UTF_8);
        bad[indexOf(bad, (byte) '#')] = (byte) 0xC3;
        Files.write(output, concat(answered("r00001", "a") + "\n", bad, "\n" + answered("r00003", "c") + "\n"
                + answered("r00004", "d") + "\n"));

        // when
        ResultStatus status = UserResults.write(store, RUN, USER, PROVENANCE, EXPIRED_BATCH, output, null);

        // then
        assertThat(status).isEqualTo(ResultStatus.PARTIAL);
        JsonObject results = read(store.resultsFile(USER, RUN));
        assertThat(strings(results, "unanswered")).containsExactly("r00002");
        assertThat(strings(results, "problems")).containsExactly("output.jsonl line 2: not valid UTF-8");
    }

    @Test
    void everyRequestAnsweredIsComplete() throws IOException {
        // given
        Path output = dir.resolve("output.jsonl");
        Files.write(output, List.of(answered("r00004", "a").toString(), answered("r00002", "b").toString(),
                answered("r00001", "c").toString(), answered("r00003", "d").toString()));

        // when
        ResultStatus status = UserResults.write(store, RUN, USER, PROVENANCE, EXPIRED_BATCH, output, null);

        // then
        assertThat(status).isEqualTo(ResultStatus.COMPLETE);
        JsonObject results = read(store.resultsFile(USER, RUN));
        assertThat(strings(results, "unanswered")).isEmpty();
        assertThat(strings(results, "problems")).isEmpty();
    }

    @Test
    void noAnswerAtAllIsFailed() throws IOException {
        // when: a failed batch has neither an output nor an error file
        ResultStatus status = UserResults.write(store, RUN, USER, PROVENANCE, EXPIRED_BATCH, null, null);

        // then
        assertThat(status).isEqualTo(ResultStatus.FAILED);
        JsonObject results = read(store.resultsFile(USER, RUN));
        assertThat(strings(results, "unanswered")).containsExactly("r00001", "r00002", "r00003", "r00004");
        assertThat(results.getJsonObject("summary").getInt("missing")).isEqualTo(4);
    }

    @Test
    void skippedUserIsRecordedWithTheReason() throws IOException {
        // given
        UserId skipped = new UserId("31499599");

        // when
        UserResults.writeSkipped(store, RUN, skipped, PROVENANCE, "no records for user 31499599 in posts.jsonl");

        // then
        JsonObject results = read(store.resultsFile(skipped, RUN));
        assertThat(results).isEqualTo(Json.createObjectBuilder().add("run_id", RUN.toString())
                .add("user_id", "31499599").add("status", "skipped").add("model", "openai/gpt-oss-20b")
                .add("config_sha256", SHA).add("reason", "no records for user 31499599 in posts.jsonl").build());
        assertThat(UserResults.status(store.resultsFile(skipped, RUN))).contains(ResultStatus.SKIPPED);
    }

    @Test
    void statusOfAMissingResultsFileIsEmpty() throws IOException {
        assertThat(UserResults.status(store.resultsFile(USER, RUN))).isEqualTo(Optional.empty());
    }

    private static JsonObject answered(String customId, String answer) {
        return RequestResultTest.line(customId, RequestResultTest.response(200,
                AnswerTest.completion(AnswerTest.message(answer), "stop")), JsonValue.NULL);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + (char) wanted);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + middle.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }

    private static List<String> strings(JsonObject json, String key) {
        return json.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static JsonObject read(Path file) throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            return reader.readObject();
        }
    }

    @Test
    void keysReadFromARecordFieldComeFromUploadJson() throws IOException {
        // given: the run names input.record_key, and upload.json kept the keys when the batch was submitted
        Files.writeString(store.uploadFile(USER, RUN), Json.createObjectBuilder()
                .add("upload", Json.createObjectBuilder().add("id", "file_1"))
                .add("batch", EXPIRED_BATCH)
                .add(RecordKeys.UPLOAD_FIELD, Json.createObjectBuilder().add("r00001", "post-9").add("r00002", "17")
                        .add("r00003", "post-1").add("r00004", "post-4"))
                .build().toString());
        Path output = dir.resolve("output.jsonl");
        Files.write(output, List.of(answered("r00003", "a").toString()));

        // when
        UserResults.write(store, RUN, USER, new Provenance("m", SHA, "post_id"), EXPIRED_BATCH, output, null);

        // then
        List<JsonObject> requests = read(store.resultsFile(USER, RUN)).getJsonArray("requests")
                .getValuesAs(JsonObject.class);
        assertThat(requests).extracting(r -> r.getString("record_key"))
                .containsExactly("post-9", "17", "post-1", "post-4");
    }

    @Test
    void keysFromAFieldThatUploadJsonDoesNotHoldAreNullNotPositions() throws IOException {
        // given: an upload.json without record_keys (e.g. rewritten by a tool that dropped them)
        Files.writeString(store.uploadFile(USER, RUN), "{\"upload\": {}, \"batch\": {}}");

        // when
        UserResults.write(store, RUN, USER, new Provenance("m", SHA, "post_id"), EXPIRED_BATCH, null, null);

        // then
        List<JsonObject> requests = read(store.resultsFile(USER, RUN)).getJsonArray("requests")
                .getValuesAs(JsonObject.class);
        assertThat(requests).allSatisfy(r -> assertThat(r.isNull("record_key")).isTrue());
    }
}
