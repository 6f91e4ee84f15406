package io.batchlab.provider;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A model the key may use ({@code GET /models}).
 *
 * @param ownedBy null when absent
 * @param active Groq's {@code active} flag; true when absent
 * @param contextWindow null when absent
 * @param raw the provider's JSON, verbatim
 */
public record Model(String id, String ownedBy, Instant createdAt, boolean active, Integer contextWindow, JsonObject raw) {

    public static Model fromJson(JsonObject json) {
        return new Model(
                JsonFields.requiredString(json, "id", "model"),
                JsonFields.string(json, "owned_by"),
                JsonFields.unixTime(json, "created"),
                json.get("active") != jakarta.json.JsonValue.FALSE,
                JsonFields.integer(json, "context_window"),
                json);
    }
}
