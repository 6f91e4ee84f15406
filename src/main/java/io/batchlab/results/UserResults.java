package io.batchlab.results;

import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and reads {@code users/USER_ID/RUN_ID/results.json}. Shape (keys in this order):
 * {@code run_id, user_id, status, model (the configured model id), config_sha256 (of the run's config.yaml),
 * summary{requests, succeeded, failed, missing}, batch (the final provider batch, verbatim), requests[] (one per
 * line of batch.jsonl, in input order: custom_id, record_key, status_code, model (as the response names it),
 * answer, reasoning, finish_reason, usage, request_id, error), unanswered[] (custom_ids without a successful
 * answer — failed, expired or with no line at all: what to resubmit), problems[] (output lines that could not be
 * read)}. In the summary, {@code failed} counts requests with an error line and {@code missing} those with no line
 * in either file. A skipped user has {@code run_id, user_id, status: skipped, model, config_sha256} and a
 * {@code reason}. Files written before model, config_sha256 and record_key existed lack them (see
 * {@link RunExport} for how they are read).
 */
public final class UserResults {

    /** Looked up once: {@code Json.create*} searches the class path for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final JsonGeneratorFactory PRETTY =
            Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private UserResults() {
    }

    /** Assembles results.json from the user's batch.jsonl and the downloaded output and error files. */
    public static ResultStatus write(ExperimentStore store, RunId run, UserId user, Provenance provenance,
                                     JsonObject finalBatch, Path outputFile, Path errorFile) throws IOException {
        return write(store, run, user, provenance, finalBatch, outputFile, errorFile, List.of());
    }

    /**
     * The same for a user of a pack: {@code outputFile} and {@code errorFile} hold the user's lines of the pack's
     * files, and {@code packProblems} the pack's lines that no user could be told from (added to {@code problems}).
     */
    public static ResultStatus write(ExperimentStore store, RunId run, UserId user, Provenance provenance,
                                     JsonObject finalBatch, Path outputFile, Path errorFile,
                                     List<String> packProblems) throws IOException {
        ProviderLines output = ProviderLines.read(outputFile);
        ProviderLines errors = ProviderLines.read(errorFile);
        List<String> customIds = customIds(store.batchFile(user, run));
        RecordKeys keys = RecordKeys.of(user, store.uploadFile(user, run), provenance.recordKeyField());
        List<RequestResult> requests = new ArrayList<>(customIds.size());
        List<String> missing = new ArrayList<>();
        String batchStatus = Answer.string(finalBatch, "status");
        for (String customId : customIds) {
            String key = keys.of(customId);
            Optional<RequestResult> result = output.resultOf(customId, key).or(() -> errors.resultOf(customId, key));
            if (result.isPresent()) {
                requests.add(result.get());
            } else {
                missing.add(customId);
                requests.add(RequestResult.missing(customId, key, batchStatus));
            }
        }
        long succeeded = requests.stream().filter(RequestResult::succeeded).count();
        ResultStatus status = succeeded == customIds.size() && !customIds.isEmpty() ? ResultStatus.COMPLETE
                : succeeded == 0 ? ResultStatus.FAILED : ResultStatus.PARTIAL;
        List<String> problems = new ArrayList<>(output.problems());
        problems.addAll(errors.problems());
        problems.addAll(packProblems);
        AtomicFiles.write(store.resultsFile(user, run), out -> {
            try (JsonGenerator json = PRETTY.createGenerator(out, StandardCharsets.UTF_8)) {
                json.writeStartObject()
                        .write("run_id", run.toString())
                        .write("user_id", user.value())
                        .write("status", status.json());
                writeProvenance(json, provenance);
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
    public static void writeSkipped(ExperimentStore store, RunId run, UserId user, Provenance provenance,
                                    String reason) throws IOException {
        store.userRunDir(user, run);
        AtomicFiles.write(store.resultsFile(user, run), out -> {
            try (JsonGenerator json = PRETTY.createGenerator(out, StandardCharsets.UTF_8)) {
                json.writeStartObject()
                        .write("run_id", run.toString())
                        .write("user_id", user.value())
                        .write("status", ResultStatus.SKIPPED.json());
                writeProvenance(json, provenance);
                json.write("reason", reason == null ? "unknown" : reason)
                        .writeEnd();
            }
        });
    }

    private static void writeProvenance(JsonGenerator json, Provenance provenance) {
        writeNullable(json, "model", provenance.model());
        writeNullable(json, "config_sha256", provenance.configSha256());
    }

    private static void writeNullable(JsonGenerator json, String key, String value) {
        if (value == null) {
            json.writeNull(key);
        } else {
            json.write(key, value);
        }
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
}
