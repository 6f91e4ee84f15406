package io.batchlab.results;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A user as the dashboard shows them: per run they take part in, the run's state and the user's requests with the
 * answer or the error of each (from results.json; at most {@link #MAX_REQUESTS} per run, the count says how many
 * there are). Only the fields a person reads are taken: never the file as it is.
 */
public final class UserAnswers {

    public static final int MAX_REQUESTS = 200;

    private static final JsonProvider JSON = JsonProvider.provider();

    private UserAnswers() {
    }

    /** {@code {"user_id", "runs": [{"run_id", "state", "requests_total", "requests": [{"custom_id", "record_key",
     * "answer", "error"}], "reason"}]}} over {@code runs}, the user's runs oldest first. */
    public static JsonObject of(ExperimentStore store, UserId user, List<RunId> runs) throws IOException {
        JsonArrayBuilder perRun = JSON.createArrayBuilder();
        for (RunId run : runs) {
            perRun.add(ofRun(store, user, run));
        }
        return JSON.createObjectBuilder().add("user_id", user.value()).add("runs", perRun).build();
    }

    private static JsonObject ofRun(ExperimentStore store, UserId user, RunId run) throws IOException {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("run_id", run.toString());
        Path results = store.resultsFile(user, run);
        if (!Files.isRegularFile(results)) {
            return json.add("state", "pending").add("requests_total", 0).add("requests", JsonValue.EMPTY_JSON_ARRAY)
                    .addNull("reason").build();
        }
        JsonObject file = UserProgress.read(results);
        JsonArray requests = file.get("requests") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
        JsonArrayBuilder rows = JSON.createArrayBuilder();
        requests.stream().limit(MAX_REQUESTS).map(JsonValue::asJsonObject).forEach(request -> rows.add(
                JSON.createObjectBuilder()
                        .add("custom_id", request.getOrDefault("custom_id", JsonValue.NULL))
                        .add("record_key", request.getOrDefault("record_key", JsonValue.NULL))
                        .add("answer", request.getOrDefault("answer", JsonValue.NULL))
                        .add("error", request.get("error") instanceof JsonObject error
                                ? JSON.createObjectBuilder().add("code", error.getOrDefault("code", JsonValue.NULL))
                                        .add("message", error.getOrDefault("message", JsonValue.NULL)).build()
                                : JsonValue.NULL)));
        return json.add("state", file.getString("status", "unknown")).add("requests_total", requests.size())
                .add("requests", rows).add("reason", file.getOrDefault("reason", JsonValue.NULL)).build();
    }
}
