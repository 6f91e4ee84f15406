package io.batchlab.provider;

import jakarta.json.JsonObject;

/** A batch's {@code request_counts}; all zero when absent. */
public record RequestCounts(long total, long completed, long failed) {

    public static final RequestCounts NONE = new RequestCounts(0, 0, 0);

    static RequestCounts fromJson(JsonObject json) {
        if (json == null) {
            return NONE;
        }
        return new RequestCounts(
                JsonFields.longOrZero(json, "total"),
                JsonFields.longOrZero(json, "completed"),
                JsonFields.longOrZero(json, "failed"));
    }
}
