package io.batchlab.request;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;

import java.io.StringWriter;
import java.util.Map;
import java.util.Objects;

/**
 * One line of a batch input file: a chat-completions request and the id its result comes back under.
 *
 * @param customId  unique within the user's batch file, at most 64 characters (see {@link CustomId})
 * @param recordKey the key of the record the request answers (see {@link RecordKey}); not part of the line
 * @param body      the chat-completions request body
 */
public record BatchLine(String customId, String recordKey, JsonObject body) {

    public static final String METHOD = "POST";
    public static final String URL = "/v1/chat/completions";
    /** Looked up once: {@code Json.createObjectBuilder}/{@code createWriter} search for the provider on every call. */
    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = Json.createWriterFactory(Map.of());

    public BatchLine {
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(recordKey, "recordKey");
        Objects.requireNonNull(body, "body");
    }

    /**
     * The line as the Batch API reads it: exactly {@code custom_id, method, url, body}, compact JSON, no line break.
     * U+2028 and U+2029 are escaped too, because some JSONL readers split lines at them.
     */
    public String toJsonLine() {
        JsonObject line = BUILDERS.createObjectBuilder()
                .add("custom_id", customId)
                .add("method", METHOD)
                .add("url", URL)
                .add("body", body)
                .build();
        StringWriter out = new StringWriter();
        try (JsonWriter writer = WRITERS.createWriter(out)) {
            writer.writeObject(line);
        }
        return out.toString().replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
