package io.batchlab.provider;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A batch as the provider reports it. Absent values are null: {@code outputFileId}/{@code errorFileId} are null when
 * the provider sent {@code null}, {@code ""} or {@code {}} ("no file"); timestamps are null until reached.
 *
 * @param status {@link BatchStatus#UNKNOWN} for a status this client does not know (the wire value stays in {@code raw})
 * @param errors validation errors, from either a bare array or {@code {"object":"list","data":[…]}}; never null
 * @param metadata never null
 * @param raw the provider's JSON, verbatim
 */
public record Batch(
        String id,
        BatchStatus status,
        String endpoint,
        String inputFileId,
        String outputFileId,
        String errorFileId,
        String completionWindow,
        Instant createdAt,
        Instant inProgressAt,
        Instant expiresAt,
        Instant finalizingAt,
        Instant completedAt,
        Instant failedAt,
        Instant expiredAt,
        Instant cancellingAt,
        Instant cancelledAt,
        RequestCounts counts,
        List<BatchError> errors,
        Map<String, String> metadata,
        JsonObject raw) {

    private static final Logger LOG = Logger.getLogger(Batch.class.getName());

    public Batch {
        errors = List.copyOf(errors);
        metadata = Map.copyOf(metadata);
    }

    public static Batch fromJson(JsonObject json) {
        String id = JsonFields.requiredString(json, "id", "batch");
        String wireStatus = JsonFields.string(json, "status");
        BatchStatus status = BatchStatus.fromWire(wireStatus);
        if (status == BatchStatus.UNKNOWN) {
            LOG.warning(() -> "Batch " + id + " has status \"" + wireStatus + "\", unknown to batchlab; treated as not terminal");
        }
        return new Batch(
                id,
                status,
                JsonFields.string(json, "endpoint"),
                JsonFields.string(json, "input_file_id"),
                JsonFields.fileId(json, "output_file_id"),
                JsonFields.fileId(json, "error_file_id"),
                JsonFields.string(json, "completion_window"),
                JsonFields.unixTime(json, "created_at"),
                JsonFields.unixTime(json, "in_progress_at"),
                JsonFields.unixTime(json, "expires_at"),
                JsonFields.unixTime(json, "finalizing_at"),
                JsonFields.unixTime(json, "completed_at"),
                JsonFields.unixTime(json, "failed_at"),
                JsonFields.unixTime(json, "expired_at"),
                JsonFields.unixTime(json, "cancelling_at"),
                JsonFields.unixTime(json, "cancelled_at"),
                RequestCounts.fromJson(json.get("request_counts") instanceof JsonObject counts ? counts : null),
                errors(json.get("errors")),
                metadata(json.get("metadata")),
                json);
    }

    private static List<BatchError> errors(JsonValue value) {
        JsonArray array = null;
        if (value instanceof JsonArray bare) {
            array = bare;
        } else if (value instanceof JsonObject list && list.get("data") instanceof JsonArray data) {
            array = data;
        }
        if (array == null) {
            return List.of();
        }
        return array.stream()
                .filter(JsonObject.class::isInstance)
                .map(entry -> BatchError.fromJson(entry.asJsonObject()))
                .toList();
    }

    private static Map<String, String> metadata(JsonValue value) {
        if (!(value instanceof JsonObject object)) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        object.forEach((key, entry) -> {
            if (entry instanceof JsonString s) {
                result.put(key, s.getString());
            } else if (entry.getValueType() != JsonValue.ValueType.NULL) {
                result.put(key, entry.toString());
            }
        });
        return result;
    }
}
