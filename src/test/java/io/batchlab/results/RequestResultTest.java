package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class RequestResultTest {

    /** A model as a provider's response names it: more exact than the configured alias. */
    static final String ANSWERING_MODEL = "openai/gpt-oss-20b-2026-11-01";

    @Test
    void outputLineWithStatus200IsAnAnswer() {
        // given
        JsonObject body = AnswerTest.completion(AnswerTest.message("favor"), "stop");
        JsonObject line = line("r00001", response(200, body), JsonValue.NULL);

        // when
        RequestResult result = RequestResult.of("r00001", "post-17", line);

        // then
        assertThat(result.succeeded()).isTrue();
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.answer()).isEqualTo(new Answer("favor", null, "stop"));
        assertThat(result.usage()).isEqualTo(body.get("usage"));
        assertThat(result.requestId()).isEqualTo("req_1");
        assertThat(result.error()).isNull();
        assertThat(result.recordKey()).isEqualTo("post-17");
        assertThat(result.model()).isEqualTo(ANSWERING_MODEL);
        assertThat(result.toJson().getString("record_key")).isEqualTo("post-17");
        assertThat(result.toJson().getString("model")).isEqualTo(ANSWERING_MODEL);
    }

    @Test
    void errorLineOfAnExpiredBatchKeepsTheProvidersError() {
        // given
        JsonObject error = Json.createObjectBuilder().add("code", "batch_expired")
                .add("message", "the batch expired before it was answered").build();

        // when
        RequestResult result = RequestResult.of("r00002", "post-x", line("r00002", JsonValue.NULL, error));

        // then
        assertThat(result.succeeded()).isFalse();
        assertThat(result.statusCode()).isNull();
        assertThat(result.error()).isEqualTo(error);
        assertThat(result.answer()).isEqualTo(new Answer(null, null, null));
        assertThat(result.toJson().get("answer")).isEqualTo(JsonValue.NULL);
    }

    @Test
    void non200StatusIsAFailureWithTheErrorOfItsBody() {
        // given: a body that looks like a completion must not count as an answer
        JsonObject providerError = Json.createObjectBuilder().add("message", "context too long")
                .add("type", "invalid_request_error").add("code", "context_length_exceeded").build();
        JsonObject body = Json.createObjectBuilder(AnswerTest.completion(AnswerTest.message("favor"), "stop"))
                .add("error", providerError).build();

        // when
        RequestResult result = RequestResult.of("r00003", "post-x",
                line("r00003", response(400, body), JsonValue.NULL));

        // then
        assertThat(result.succeeded()).isFalse();
        assertThat(result.statusCode()).isEqualTo(400);
        assertThat(result.error()).isEqualTo(providerError);
        assertThat(result.answer().text()).isNull();
    }

    @Test
    void non200StatusWithoutAnErrorBodyIsNamedByItsStatus() {
        // when
        RequestResult result = RequestResult.of("r00004", "post-x",
                line("r00004", response(503, JsonValue.EMPTY_JSON_OBJECT), JsonValue.NULL));

        // then
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error().getString("code")).isEqualTo("http_503");
        assertThat(result.error().getString("message")).contains("503");
    }

    @Test
    void toJsonWritesEveryKeyInOrderWithNullsForWhatIsAbsent() {
        // given
        RequestResult result = RequestResult.missing("r00005", "5", "expired");

        // when
        JsonObject json = result.toJson();

        // then
        assertThat(json.keySet()).containsExactly("custom_id", "record_key", "status_code", "model", "answer",
                "reasoning", "finish_reason", "usage", "request_id", "error");
        assertThat(json.getString("record_key")).isEqualTo("5");
        assertThat(json.get("status_code")).isEqualTo(JsonValue.NULL);
        assertThat(json.get("model")).isEqualTo(JsonValue.NULL);
        assertThat(json.getJsonObject("error").getString("code")).isEqualTo("missing");
        assertThat(json.getJsonObject("error").getString("message")).contains("batch expired");
    }

    static JsonObject response(int status, JsonObject body) {
        return Json.createObjectBuilder().add("status_code", status).add("request_id", "req_1").add("body", body)
                .build();
    }

    static JsonObject line(String customId, JsonValue response, JsonValue error) {
        return Json.createObjectBuilder().add("id", "batch_req_1").add("custom_id", customId)
                .add("response", response).add("error", error).build();
    }
}
