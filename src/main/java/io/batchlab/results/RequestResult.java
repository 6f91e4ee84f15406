package io.batchlab.results;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * The outcome of one request of a user's batch, as listed in results.json.
 *
 * @param recordKey the key of the record it answers ({@link RecordKeys})
 * @param model     the model that answered, as the provider's response names it ({@code null} without a response
 *                  body): it can be more exact than the configured id, e.g. a dated version behind an alias
 */
record RequestResult(String customId, String recordKey, Integer statusCode, String model, Answer answer,
                     JsonValue usage, String requestId, JsonObject error) {

    /** Looked up once: {@code Json.create*} searches the class path for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    boolean succeeded() {
        return statusCode != null && statusCode == 200 && error == null;
    }

    /** From one output or error line: {@code {"custom_id", "response": {"status_code", "request_id", "body"}, "error"}}. */
    static RequestResult of(String customId, String recordKey, JsonObject line) {
        JsonObject response = line.get("response") instanceof JsonObject r ? r : null;
        JsonObject error = line.get("error") instanceof JsonObject e ? e : null;
        Integer statusCode = response != null && response.get("status_code") instanceof JsonNumber n ? n.intValue() : null;
        JsonObject body = response != null && response.get("body") instanceof JsonObject b ? b : JsonValue.EMPTY_JSON_OBJECT;
        String requestId = response == null ? null : Answer.string(response, "request_id");
        if (error == null && (statusCode == null || statusCode != 200)) {
            error = body.get("error") instanceof JsonObject e ? e
                    : JSON.createObjectBuilder().add("code", "http_" + statusCode)
                            .add("message", "the provider answered status " + statusCode).build();
        }
        Answer answer = statusCode != null && statusCode == 200 ? Answer.of(body) : new Answer(null, null, null);
        JsonValue usage = body.containsKey("usage") ? body.get("usage") : JsonValue.NULL;
        return new RequestResult(customId, recordKey, statusCode, Answer.string(body, "model"), answer, usage,
                requestId, error);
    }

    static RequestResult missing(String customId, String recordKey, String batchStatus) {
        JsonObject error = JSON.createObjectBuilder()
                .add("code", "missing")
                .add("message", "no line for this request in the output or error file (batch " + batchStatus
                        + "); resubmit it in a new run")
                .build();
        return new RequestResult(customId, recordKey, null, null, new Answer(null, null, null), JsonValue.NULL, null,
                error);
    }

    JsonObject toJson() {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("custom_id", customId);
        addNullable(json, "record_key", recordKey == null ? null : JSON.createValue(recordKey));
        addNullable(json, "status_code", statusCode == null ? null : JSON.createValue(statusCode));
        addNullable(json, "model", model == null ? null : JSON.createValue(model));
        addNullable(json, "answer", answer.text() == null ? null : JSON.createValue(answer.text()));
        addNullable(json, "reasoning", answer.reasoning() == null ? null : JSON.createValue(answer.reasoning()));
        addNullable(json, "finish_reason",
                answer.finishReason() == null ? null : JSON.createValue(answer.finishReason()));
        json.add("usage", usage);
        addNullable(json, "request_id", requestId == null ? null : JSON.createValue(requestId));
        addNullable(json, "error", error);
        return json.build();
    }

    private static void addNullable(JsonObjectBuilder json, String key, JsonValue value) {
        json.add(key, value == null ? JsonValue.NULL : value);
    }
}
