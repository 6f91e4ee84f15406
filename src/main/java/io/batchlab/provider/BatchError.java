package io.batchlab.provider;

import jakarta.json.JsonObject;

/**
 * One entry of a batch's {@code errors}, e.g. a bad input line.
 *
 * @param param null when absent
 * @param line the 1-based input line, null when absent
 */
public record BatchError(String code, String message, String param, Integer line) {

    static BatchError fromJson(JsonObject json) {
        return new BatchError(
                JsonFields.string(json, "code"),
                JsonFields.string(json, "message"),
                JsonFields.string(json, "param"),
                JsonFields.integer(json, "line"));
    }
}
