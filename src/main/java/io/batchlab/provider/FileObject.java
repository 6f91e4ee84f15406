package io.batchlab.provider;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A file on the provider.
 *
 * @param purpose {@code batch} (input) or {@code batch_output}; null when absent
 * @param createdAt null when absent
 * @param raw the provider's JSON, verbatim
 */
public record FileObject(String id, long bytes, Instant createdAt, String filename, String purpose, JsonObject raw) {

    public static FileObject fromJson(JsonObject json) {
        return new FileObject(
                JsonFields.requiredString(json, "id", "file object"),
                JsonFields.longOrZero(json, "bytes"),
                JsonFields.unixTime(json, "created_at"),
                JsonFields.string(json, "filename"),
                JsonFields.string(json, "purpose"),
                json);
    }
}
