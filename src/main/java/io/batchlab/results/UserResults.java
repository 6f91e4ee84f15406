package io.batchlab.results;

import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and reads {@code users/USER_ID/RUN_ID/results.json}. Shape (keys in this order):
 * {@code run_id, user_id, status, summary{requests, succeeded, failed, missing}, batch (the final provider batch,
 * verbatim), requests[] (one per line of batch.jsonl, in input order: custom_id, status_code, answer, reasoning,
 * finish_reason, usage, request_id, error), unanswered[] (custom_ids without a successful answer — failed, expired
 * or with no line at all: what to resubmit), problems[] (output lines that could not be read)}. In the summary,
 * {@code failed} counts requests with an error line and {@code missing} those with no line in either file. A skipped user has {@code status: skipped} and a {@code reason}.
 */
public final class UserResults {

    /** Looked up once: {@code Json.create*} searches the class path for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final JsonGeneratorFactory PRETTY =
            Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private UserResults() {
    }

    /** Assembles results.json from the user's batch.jsonl and the downloaded output and error files. */
    public static ResultStatus write(ExperimentStore store, RunId run, UserId user, JsonObject finalBatch,
                                     Path outputFile, Path errorFile) throws IOException {
        ProviderLines output = ProviderLines.read(outputFile);
        ProviderLines errors = ProviderLines.read(errorFile);
        List<String> customIds = customIds(store.batchFile(user, run));
        List<RequestResult> requests = new ArrayList<>(customIds.size());
        List<String> missing = new ArrayList<>();
        String batchStatus = Answer.string(finalBatch, "status");
        for (String customId : customIds) {
            Optional<RequestResult> result = output.resultOf(customId).or(() -> errors.resultOf(customId));
            if (result.isPresent()) {
                requests.add(result.get());
            } else {
                missing.add(customId);
                requests.add(RequestResult.missing(customId, batchStatus));
            }
        }
        long succeeded = requests.stream().filter(RequestResult::succeeded).count();
        ResultStatus status = succeeded == customIds.size() && !customIds.isEmpty() ? ResultStatus.COMPLETE
                : succeeded == 0 ? ResultStatus.FAILED : ResultStatus.PARTIAL;
        List<String> problems = new ArrayList<>(output.problems());
        problems.addAll(errors.problems());
        AtomicFiles.write(store.resultsFile(user, run), out -> {
            try (JsonGenerator json = PRETTY.createGenerator(out, StandardCharsets.UTF_8)) {
                json.writeStartObject()
                        .write("run_id", run.toString())
                        .write("user_id", user.value())
                        .write("status", status.json());
                json.writeStartObject("summary")
                        .write("requests", customIds.size())
                        .write("succeeded", succeeded)
                        .write("failed", customIds.size() - succeeded - missing.size())
                        .write("missing", missing.size())
                        .writeEnd();
                json.write("batch", finalBatch);
                json.writeStartArray("requests");
                for (RequestResult request : requests) {
                    json.write(request.toJson());
                }
                json.writeEnd();
                writeStrings(json, "unanswered", requests.stream().filter(r -> !r.succeeded())
                        .map(RequestResult::customId).toList());
                writeStrings(json, "problems", problems);
                json.writeEnd();
            }
        });
        return status;
    }

    /** Records that the user's requests could not be built, so the user is accounted for. */
    public static void writeSkipped(ExperimentStore store, RunId run, UserId user, String reason) throws IOException {
        store.userRunDir(user, run);
        JsonObject skipped = JSON.createObjectBuilder()
                .add("run_id", run.toString())
                .add("user_id", user.value())
                .add("status", ResultStatus.SKIPPED.json())
                .add("reason", reason == null ? "unknown" : reason)
                .build();
        AtomicFiles.write(store.resultsFile(user, run), out -> writePretty(skipped, out));
    }

    /** The status of an existing results.json, read from its first keys only (files can be large). */
    public static Optional<ResultStatus> status(Path resultsFile) throws IOException {
        if (!Files.exists(resultsFile)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(resultsFile);
             JsonParser parser = JSON.createParser(in)) {
            int depth = 0;
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                switch (event) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME -> {
                        if (depth == 1 && "status".equals(parser.getString())) {
                            parser.next();
                            return Optional.of(ResultStatus.fromJson(parser.getString()));
                        }
                    }
                    default -> { }
                }
            }
        }
        throw new IOException(resultsFile + " has no \"status\"");
    }

    private static List<String> customIds(Path batchFile) throws IOException {
        List<String> ids = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(batchFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    try (JsonParser parser = JSON.createParser(new java.io.StringReader(line))) {
                        parser.next();
                        ids.add(parser.getObject().getString("custom_id"));
                    }
                }
            }
        }
        return ids;
    }

    private static void writeStrings(JsonGenerator json, String key, List<String> values) {
        json.writeStartArray(key);
        values.forEach(json::write);
        json.writeEnd();
    }

    private static void writePretty(JsonValue value, OutputStream out) {
        try (JsonGenerator json = PRETTY.createGenerator(out, StandardCharsets.UTF_8)) {
            json.write(value);
        }
    }
}
