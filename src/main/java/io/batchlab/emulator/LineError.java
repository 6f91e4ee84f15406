package io.batchlab.emulator;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * An entry of a batch's {@code errors}: {@code {code, message, param, line}}; line is 1-based, null for whole-file errors.
 * {@code customId} (not part of the JSON) is the line's request id when it had a usable one.
 */
record LineError(String code, String message, String param, Integer line, String customId) {

    static LineError ofFile(String code, String message) {
        return new LineError(code, message, null, null, null);
    }

    JsonObject toJson() {
        JsonObjectBuilder json = Json.BUILDERS.createObjectBuilder().add("code", code).add("message", message);
        json.add("param", param == null ? JsonValue.NULL : Json.PROVIDER.createValue(param));
        json.add("line", line == null ? JsonValue.NULL : Json.PROVIDER.createValue(line));
        return json.build();
    }
}
