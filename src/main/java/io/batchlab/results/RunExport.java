package io.batchlab.results;

import io.batchlab.request.RecordKey;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A run's results as one table, one {@link ExportRow} per request: users in users.json order, requests in each
 * user's batch.jsonl order. Streams: users.json is read as a cursor and each results.json with a JSON-P parser one
 * request at a time, so memory does not grow with the run or with a user's batch.
 *
 * <p>Status: {@code answered} (status 200, no error), {@code error} (the provider answered with an error line),
 * {@code unanswered} (no line in either file — expired or cancelled — or no results.json yet) and {@code skipped}
 * (the user's requests could not be built: one row without custom_id, the reason in error_message).
 */
public final class RunExport {

    public static final String ANSWERED = "answered";
    public static final String ERROR = "error";
    public static final String UNANSWERED = "unanswered";
    public static final String SKIPPED = "skipped";
    /** error_code of a request of a user that has no results.json yet. */
    public static final String NOT_COLLECTED = "not_collected";
    /** error_code of the one row of a user that has neither results.json nor batch.jsonl. */
    public static final String NOT_PREPARED = "not_prepared";

    /** Looked up once: {@code Json.create*} searches the class path for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();
    /** results.json is written as UTF-8: no need to sniff the encoding of every file. */
    private static final JsonParserFactory PARSERS = JSON.createParserFactory(java.util.Map.of());

    private final ExperimentStore store;
    private final RunId run;
    private final RunFacts facts;

    private RunExport(ExperimentStore store, RunId run, RunFacts facts) {
        this.store = store;
        this.run = run;
        this.facts = facts;
    }

    /** Writes every row of the run and returns how many. The run must exist with its config.yaml and users.json. */
    public static long write(ExperimentStore store, RunId run, ExportWriter out) throws IOException {
        return write(store, run, RunFacts.read(store.configFile(run)), out, collected -> { });
    }

    /** As {@link #write(ExperimentStore, RunId, ExportWriter)}, telling {@code collected} each results.json read. */
    static long write(ExperimentStore store, RunId run, RunFacts facts, ExportWriter out,
                      CollectedResults collected) throws IOException {
        RunExport export = new RunExport(store, run, facts);
        long rows = 0;
        try (UsersFile.Cursor users = UsersFile.open(store.usersFile(run))) {
            while (users.hasNext()) {
                rows += export.writeUser(users.next(), out, collected);
            }
        }
        out.flush();
        return rows;
    }

    /** Told of each results.json the export reads, before its rows: the summary takes its time of writing. */
    @FunctionalInterface
    interface CollectedResults {
        void read(Path resultsFile) throws IOException;
    }

    private long writeUser(UserId user, ExportWriter out, CollectedResults collected) throws IOException {
        Path results = store.resultsFile(user, run);
        InputStream opened;
        try {
            // opened, not looked up first: one system call less per user on the common path
            opened = Files.newInputStream(results);
        } catch (NoSuchFileException notYet) {
            opened = null;
        }
        if (opened != null) {
            try (InputStream in = opened) {
                collected.read(results);
                return writeResults(user, results, in, out);
            }
        }
        Path batch = store.batchFile(user, run);
        if (!Files.exists(batch)) {
            out.write(row(user, null, userKey(user), facts.modelId(), UNANSWERED, NOT_PREPARED,
                    "no batch.jsonl yet: the run has not prepared this user's requests"));
            return 1;
        }
        RecordKeys keys = RecordKeys.of(user, store.uploadFile(user, run), facts.recordKeyField());
        long rows = 0;
        try (BufferedReader lines = Files.newBufferedReader(batch, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    String customId = customId(line);
                    out.write(row(user, customId, keys.of(customId), facts.modelId(), UNANSWERED, NOT_COLLECTED,
                            "no results.json yet: the run has not collected this user's batch"));
                    rows++;
                }
            }
        }
        return rows;
    }

    /** Walks results.json's top-level keys; only the entries of {@code requests} are built as objects. */
    private long writeResults(UserId user, Path results, InputStream in, ExportWriter out) throws IOException {
        long rows = 0;
        String status = null;
        String reason = null;
        // written before the requests; files from before it was recorded fall back to config.yaml
        String model = facts.modelId();
        try (JsonParser parser = PARSERS.createParser(in, StandardCharsets.UTF_8)) {
            expect(parser, JsonParser.Event.START_OBJECT, results);
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_OBJECT) {
                    break;
                }
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                switch (key) {
                    case "status" -> status = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
                    case "reason" -> reason = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
                    case "model" -> model = value == JsonParser.Event.VALUE_STRING ? parser.getString() : model;
                    case "requests" -> {
                        if (value != JsonParser.Event.START_ARRAY) {
                            throw new IOException(results + ": \"requests\" is not an array");
                        }
                        while (parser.next() == JsonParser.Event.START_OBJECT) {
                            out.write(requestRow(user, model, parser));
                            rows++;
                        }
                    }
                    default -> skip(parser, value);
                }
            }
        } catch (jakarta.json.JsonException e) {
            throw new IOException(results + " is not readable JSON: " + e.getMessage(), e);
        }
        if (ResultStatus.SKIPPED.json().equals(status)) {
            out.write(row(user, null, userKey(user), model, SKIPPED, null, reason));
            rows++;
        }
        return rows;
    }

    /**
     * One entry of {@code requests}, read field by field from its START_OBJECT: building it as a JsonObject first
     * cost a third of the export's time (P8). Only the small {@code usage} and {@code error} become objects.
     */
    private ExportRow requestRow(UserId user, String model, JsonParser parser) {
        String customId = null;
        String recordKey = null;
        boolean recordKeyRecorded = false;
        String responseModel = null;
        Integer statusCode = null;
        String answer = null;
        String reasoning = null;
        String finishReason = null;
        String requestId = null;
        JsonObject usage = JsonValue.EMPTY_JSON_OBJECT;
        JsonObject error = null;
        for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
            String key = parser.getString();
            JsonParser.Event value = parser.next();
            if (value == JsonParser.Event.START_OBJECT) {
                JsonObject object = parser.getObject();
                if (key.equals("usage")) {
                    usage = object;
                } else if (key.equals("error")) {
                    error = object;
                }
                continue;
            }
            if (value == JsonParser.Event.START_ARRAY) {
                parser.skipArray();
                continue;
            }
            String text = value == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
            switch (key) {
                case "custom_id" -> customId = text;
                case "record_key" -> {
                    recordKey = text;
                    recordKeyRecorded = true;
                }
                case "model" -> responseModel = text;
                case "status_code" -> statusCode = value == JsonParser.Event.VALUE_NUMBER ? parser.getInt() : null;
                case "answer" -> answer = text;
                case "reasoning" -> reasoning = text;
                case "finish_reason" -> finishReason = text;
                case "request_id" -> requestId = text;
                default -> { }
            }
        }
        String errorCode = error == null ? null : text(error.get("code"));
        String status = error == null && statusCode != null && statusCode == 200 ? ANSWERED
                : "missing".equals(errorCode) ? UNANSWERED : ERROR;
        Boolean allowed = null;
        String label = null;
        if (facts.allowedAnswers().closed() && ANSWERED.equals(status)) {
            label = facts.allowedAnswers().label(answer).orElse(null);
            allowed = label != null;
        }
        if (!recordKeyRecorded) {
            recordKey = impliedKey(user, customId);
        }
        return new ExportRow(run.toString(), user.value(), customId, recordKey, model,
                status, answer, allowed, label, reasoning, finishReason,
                number(usage, "prompt_tokens"), number(usage, "completion_tokens"),
                number(details(usage, "completion_tokens_details"), "reasoning_tokens"),
                number(details(usage, "prompt_tokens_details"), "cached_tokens"), null, statusCode, errorCode,
                error == null ? null : text(error.get("message")), requestId, responseModel);
    }

    /** A row without an answer: a request not collected yet, or the one row of a skipped or unprepared user. */
    private ExportRow row(UserId user, String customId, String recordKey, String model, String status,
                          String errorCode, String errorMessage) {
        return new ExportRow(run.toString(), user.value(), customId, recordKey, model, status, null, null, null,
                null, null, null, null, null, null, null, null, errorCode, errorMessage, null, null);
    }

    /** The one row of a user without requests: with per_user requests the user is the record, else no record. */
    private String userKey(UserId user) {
        return facts.perUser() ? user.value() : null;
    }

    /**
     * results.json written before record keys were recorded: such runs could not name a key field, so the key is the
     * one the custom_id implies (the position, or the user id for per_user).
     */
    private String impliedKey(UserId user, String customId) {
        return facts.recordKeyField() != null ? null : RecordKey.implied(customId, user).orElse(null);
    }

    private static String customId(String batchLine) {
        try (JsonParser parser = JSON.createParser(new StringReader(batchLine))) {
            parser.next();
            return string(parser.getObject(), "custom_id");
        }
    }

    private static void expect(JsonParser parser, JsonParser.Event expected, Path file) throws IOException {
        if (!parser.hasNext() || parser.next() != expected) {
            throw new IOException(file + " is not a JSON object");
        }
    }

    private static void skip(JsonParser parser, JsonParser.Event value) {
        if (value == JsonParser.Event.START_OBJECT) {
            parser.skipObject();
        } else if (value == JsonParser.Event.START_ARRAY) {
            parser.skipArray();
        }
    }

    private static JsonObject details(JsonObject usage, String key) {
        return usage.get(key) instanceof JsonObject d ? d : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static Long number(JsonObject object, String key) {
        return object.get(key) instanceof JsonNumber n ? n.longValue() : null;
    }

    private static String string(JsonObject object, String key) {
        return object.get(key) instanceof JsonString s ? s.getString() : null;
    }

    private static String text(JsonValue value) {
        return value == null || value == JsonValue.NULL ? null
                : value instanceof JsonString s ? s.getString() : value.toString();
    }
}
