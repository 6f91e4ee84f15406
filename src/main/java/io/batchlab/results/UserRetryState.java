package io.batchlab.results;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How far a user of a run is with asking again: what results.json still lists as unanswered, how many retry attempts
 * upload.json records ({@code retries[]}) and how many of them results.json has merged ({@code retries[]}). An
 * attempt uploaded but not merged is in flight: it is collected, never submitted again.
 *
 * @param lastRetry the newest attempt upload.json records, or null when there is none
 */
public record UserRetryState(UserId user, ResultStatus status, List<String> unanswered, int uploadedAttempts,
        int mergedAttempts, JsonObject lastRetry) {

    private static final JsonProvider JSON = JsonProvider.provider();

    /** The user's state; empty while the user has no results.json (the run's first pass has not collected it). */
    public static Optional<UserRetryState> read(ExperimentStore store, RunId run, UserId user) throws IOException {
        Path resultsFile = store.resultsFile(user, run);
        if (!Files.exists(resultsFile)) {
            return Optional.empty();
        }
        JsonObject results = readObject(resultsFile);
        ResultStatus status = ResultStatus.fromJson(results.getString("status"));
        List<String> unanswered = strings(results.get("unanswered"));
        int merged = results.get("retries") instanceof JsonArray retries ? retries.size() : 0;
        Path uploadFile = store.uploadFile(user, run);
        JsonArray uploaded = Files.exists(uploadFile) && readObject(uploadFile).get("retries") instanceof JsonArray a
                ? a : JsonValue.EMPTY_JSON_ARRAY;
        JsonObject last = uploaded.isEmpty() ? null : uploaded.getJsonObject(uploaded.size() - 1);
        return Optional.of(new UserRetryState(user, status, unanswered, uploaded.size(), merged, last));
    }

    /** An attempt was submitted and its answers are not merged yet: collect it. */
    public boolean inFlight() {
        return uploadedAttempts > mergedAttempts;
    }

    /** Requests were submitted and not answered (a skipped user submitted nothing: nothing to ask again). */
    public boolean missing() {
        return (status == ResultStatus.PARTIAL || status == ResultStatus.FAILED) && !unanswered.isEmpty();
    }

    /** The number the next attempt gets: attempts count from 1, the first submission is not one. */
    public int nextAttempt() {
        return uploadedAttempts + 1;
    }

    /** The custom_ids the in-flight attempt asked again. */
    public List<String> inFlightCustomIds() {
        return lastRetry == null ? List.of() : strings(lastRetry.get("custom_ids"));
    }

    /** The provider batch of the in-flight attempt. */
    public String inFlightBatchId() {
        return lastRetry == null ? null : lastRetry.getJsonObject("batch").getString("id");
    }

    static JsonObject readObject(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
            parser.next();
            return parser.getObject();
        }
    }

    private static List<String> strings(JsonValue value) {
        if (!(value instanceof JsonArray array)) {
            return List.of();
        }
        return array.stream().filter(JsonString.class::isInstance).map(v -> ((JsonString) v).getString()).toList();
    }
}
