package io.batchlab.provider;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;

/** Lenient reads of provider JSON: wrong types and absent keys become null instead of exceptions. */
final class JsonFields {

    private JsonFields() {
    }

    static String requiredString(JsonObject json, String key, String what) {
        String value = string(json, key);
        if (value == null || value.isEmpty()) {
            throw new ProviderInvalidResponseException(what + " without \"" + key + "\": " + abbreviate(json));
        }
        return value;
    }

    static String string(JsonObject json, String key) {
        JsonValue value = json.get(key);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonNumber n) {
            return n.toString();
        }
        return null;
    }

    /** A file id, where {@code null}, {@code ""} and {@code {}} all mean "no file". */
    static String fileId(JsonObject json, String key) {
        String value = json.get(key) instanceof JsonString s ? s.getString().strip() : null;
        return value == null || value.isEmpty() ? null : value;
    }

    static long longOrZero(JsonObject json, String key) {
        return json.get(key) instanceof JsonNumber n ? n.longValue() : 0L;
    }

    static Integer integer(JsonObject json, String key) {
        return json.get(key) instanceof JsonNumber n ? n.intValue() : null;
    }

    /** Unix seconds (possibly fractional) to an instant; null when absent. */
    static Instant unixTime(JsonObject json, String key) {
        if (!(json.get(key) instanceof JsonNumber n)) {
            return null;
        }
        BigDecimal seconds = n.bigDecimalValue();
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    static String abbreviate(JsonObject json) {
        String text = json.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
