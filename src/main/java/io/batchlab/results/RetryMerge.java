package io.batchlab.results;

import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges one retry attempt's answers into a user's results.json. A request the attempt answered (status 200) takes
 * the new outcome; every other request — answered before, or asked again and still not answered — stays exactly as it
 * was (keys this class does not write, such as provenance fields, are kept too). Then {@code status}, {@code summary}
 * and {@code unanswered} are recomputed, unreadable output lines are appended to {@code problems}, and the attempt is
 * appended to {@code retries[]} ({@code attempt, requests, answered, batch}: the attempt's final provider batch), which
 * marks it merged. {@code batch} keeps meaning the first submission's batch. Written atomically: a crash leaves the
 * old file or the new one.
 */
public final class RetryMerge {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonGeneratorFactory PRETTY =
            Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private RetryMerge() {
    }

    /**
     * @param attempt the attempt's number (1 = the first retry)
     * @param asked   the custom_ids the attempt asked again
     * @return the user's status after the merge
     */
    public static ResultStatus merge(ExperimentStore store, RunId run, UserId user, int attempt, List<String> asked,
                                     JsonObject finalBatch, Path outputFile, Path errorFile) throws IOException {
        Path resultsFile = store.resultsFile(user, run);
        JsonObject results = UserRetryState.readObject(resultsFile);
        ProviderLines output = ProviderLines.read(outputFile);
        ProviderLines errors = ProviderLines.read(errorFile);
        Set<String> askedIds = new HashSet<>(asked);
        JsonArrayBuilder requests = JSON.createArrayBuilder();
        JsonArrayBuilder unanswered = JSON.createArrayBuilder();
        long total = 0;
        long succeeded = 0;
        long missing = 0;
        long answeredNow = 0;
        for (JsonObject request : results.getJsonArray("requests").getValuesAs(JsonObject.class)) {
            String customId = request.getString("custom_id");
            JsonObject merged = request;
            if (askedIds.contains(customId)) {
                // the same request, so the same record: its key stays what the first pass recorded
                String recordKey = request.get("record_key") instanceof JsonString key ? key.getString() : null;
                Optional<RequestResult> retried = output.resultOf(customId, recordKey)
                        .or(() -> errors.resultOf(customId, recordKey));
                if (retried.isPresent() && retried.get().succeeded()) {
                    merged = overlay(request, retried.get().toJson());
                    answeredNow++;
                }
            }
            requests.add(merged);
            total++;
            if (succeeded(merged)) {
                succeeded++;
            } else {
                unanswered.add(customId);
                if (isMissing(merged)) {
                    missing++;
                }
            }
        }
        ResultStatus status = succeeded == total && total > 0 ? ResultStatus.COMPLETE
                : succeeded == 0 ? ResultStatus.FAILED : ResultStatus.PARTIAL;
        JsonObjectBuilder summary = JSON.createObjectBuilder(results.getJsonObject("summary"))
                .add("requests", total)
                .add("succeeded", succeeded)
                .add("failed", total - succeeded - missing)
                .add("missing", missing);
        JsonArrayBuilder problems = JSON.createArrayBuilder(results.getJsonArray("problems"));
        output.problems().forEach(problems::add);
        errors.problems().forEach(problems::add);
        JsonArrayBuilder retries = results.get("retries") instanceof JsonArray earlier
                ? JSON.createArrayBuilder(earlier) : JSON.createArrayBuilder();
        retries.add(JSON.createObjectBuilder()
                .add("attempt", attempt)
                .add("requests", asked.size())
                .add("answered", answeredNow)
                .add("batch", finalBatch));
        JsonObject updated = JSON.createObjectBuilder(results)
                .add("status", status.json())
                .add("summary", summary)
                .add("requests", requests)
                .add("unanswered", unanswered)
                .add("problems", problems)
                .add("retries", retries)
                .build();
        AtomicFiles.write(resultsFile, out -> {
            try (JsonGenerator json = PRETTY.createGenerator(out, StandardCharsets.UTF_8)) {
                json.write(updated);
            }
        });
        return status;
    }

    /** The old request with every key of the new outcome put over it (kept in place when it was there). */
    private static JsonObject overlay(JsonObject old, JsonObject outcome) {
        JsonObjectBuilder merged = JSON.createObjectBuilder(old);
        outcome.forEach(merged::add);
        return merged.build();
    }

    static boolean succeeded(JsonObject request) {
        return request.get("status_code") instanceof JsonNumber code && code.intValue() == 200
                && (request.get("error") == null || request.get("error") == JsonValue.NULL);
    }

    private static boolean isMissing(JsonObject request) {
        return request.get("error") instanceof JsonObject error && error.get("code") instanceof JsonString code
                && "missing".equals(code.getString());
    }
}
