package io.batchlab.request;

import io.batchlab.store.UserId;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The key of the input record a request answers, recorded with the request in results.json and exported as
 * {@code record_key}: with per_record requests the record's {@code input.record_key} field (a string or a whole
 * number, as text), or without that setting the record's 1-based position among the user's records in input order;
 * with per_user requests the user id, since one request answers for all of the user's records.
 */
public final class RecordKey {

    /** Far above any post id or UUID: a user's keys are held in memory and written to upload.json. */
    public static final int MAX_LENGTH = 256;

    private RecordKey() {
    }

    /**
     * The key of the user's record number {@code recordIndex} (1-based).
     *
     * @param field the config's {@code input.record_key}, or {@code null} for the position
     * @throws RequestBuildException when the record lacks the field or holds something other than a non-empty string
     *                               or a whole number there: the user is skipped, like a record a template cannot use
     */
    public static String of(UserId user, JsonObject record, int recordIndex, String field)
            throws RequestBuildException {
        if (field == null) {
            return Integer.toString(recordIndex);
        }
        JsonValue value = record.get(field);
        String key = value instanceof JsonString text ? text.getString()
                : value instanceof JsonNumber number && number.isIntegral() ? number.bigIntegerValue().toString()
                : null;
        if (key != null && !key.isEmpty() && key.length() <= MAX_LENGTH) {
            return key;
        }
        String found = value == null ? "has no field \"" + field + "\""
                : key != null && !key.isEmpty() ? "has " + key.length() + " characters in \"" + field + "\""
                : "has " + describe(value) + " in \"" + field + "\"";
        throw new RequestBuildException(user, "user " + user + ", record " + recordIndex + " (in input order) "
                + found + ", the record key (input.record_key); every record needs it as a non-empty string or a"
                + " whole number of at most " + MAX_LENGTH + " characters");
    }

    /**
     * The key a request has by its custom id alone: the user id for the per_user line, the position for a per_record
     * line. What results.json files written before keys were recorded imply; empty for a custom id of neither shape.
     */
    public static Optional<String> implied(String customId, UserId user) {
        if (CustomId.WHOLE_USER.equals(customId)) {
            return Optional.of(user.value());
        }
        OptionalInt index = customId == null ? OptionalInt.empty() : CustomId.recordIndex(customId);
        return index.isPresent() ? Optional.of(Integer.toString(index.getAsInt()))
                : Optional.empty();
    }

    private static String describe(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> "an empty string";
            case NUMBER -> "the number " + value + " (not a whole number)";
            case NULL -> "null";
            case TRUE, FALSE -> "a boolean";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
        };
    }
}
