package io.batchlab.results;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.batchlab.cost.BatchCostText;
import io.batchlab.request.RecordKey;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's results as one table, one {@link ExportRow} per request: users in users.json order, requests in each
 * user's batch.jsonl order. Streams: users.json is read as a cursor and each results.json with a streaming parser one
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

    /** Thread-safe and reused: it holds the parsers' shared symbol tables. */
    private static final JsonFactory PARSERS = new JsonFactory();

    private final ExperimentStore store;
    private final RunId run;
    private final RunFacts facts;
    /** Built once: written in every row. */
    private final String runText;
    private final BatchCostText costText;

    private RunExport(ExperimentStore store, RunId run, RunFacts facts) {
        this.store = store;
        this.run = run;
        this.facts = facts;
        this.runText = run.toString();
        this.costText = facts.price().map(BatchCostText::new).orElse(null);
    }

    /**
     * Writes every row of the run and returns how many, reading results.json ahead on as many threads as there are
     * cores, up to four ({@link ReadAhead}). The run must exist with its config.yaml and users.json.
     */
    public static long write(ExperimentStore store, RunId run, ExportWriter out) throws IOException {
        return write(store, run, out, defaultReaders());
    }

    /** How many threads read ahead for {@link #write(ExperimentStore, RunId, ExportWriter)}: the cores, up to four. */
    public static int defaultReaders() {
        return ReadAhead.defaultWorkers();
    }

    /** As {@link #write(ExperimentStore, RunId, ExportWriter)} with {@code readers} threads; below 2, the caller's only. */
    public static long write(ExperimentStore store, RunId run, ExportWriter out, int readers) throws IOException {
        return write(store, run, RunFacts.read(store.configFile(run)), out, collected -> { }, readers);
    }

    /**
     * Reads the whole run as {@link #write(ExperimentStore, RunId, ExportWriter)} would, writing nothing, and returns the
     * row count: a download checks with it before its first byte, since an error after that cannot be told apart from
     * a finished file by every HTTP client.
     */
    public static long check(ExperimentStore store, RunId run) throws IOException {
        return write(store, run, new Discarded());
    }

    /** The rows of {@link #check}: counted by the caller, kept by nobody. */
    static final class Discarded implements ExportWriter {
        @Override
        public void write(ExportRow row) {
        }

        @Override
        public void finish() {
        }
    }

    /**
     * Writes one user's rows of the run, in the order {@link #write(ExperimentStore, RunId, ExportWriter)} does, without
     * finishing {@code out}, and returns the user's results.json status and reason (both null while that file does not
     * exist).
     */
    public static UserOutcome writeUser(ExperimentStore store, RunId run, UserId user, ExportWriter out)
            throws IOException {
        RunExport export = new RunExport(store, run, RunFacts.read(store.configFile(run)));
        return export.writeUser(user, out, collected -> { }).outcome();
    }

    /** A user's results.json {@code status} and {@code reason}; null where the file or the key is missing. */
    public record UserOutcome(String status, String reason) {

        static final UserOutcome NOT_COLLECTED = new UserOutcome(null, null);
    }

    /** How many rows a user had, and their outcome. */
    private record Written(long rows, UserOutcome outcome) {
    }

    /** The rows of a user read ahead ({@link ReadAhead}): kept in order until the export writes them. */
    static final class Buffered implements ExportWriter {
        private final List<ExportRow> rows = new ArrayList<>();

        @Override
        public void write(ExportRow row) {
            rows.add(row);
        }

        @Override
        public void finish() {
        }
    }

    /**
     * As {@link #write(ExperimentStore, RunId, ExportWriter, int)}, telling {@code collected} each results.json read.
     */
    static long write(ExperimentStore store, RunId run, RunFacts facts, ExportWriter out,
                      CollectedResults collected, int readers) throws IOException {
        RunExport export = new RunExport(store, run, facts);
        long rows = 0;
        try (UsersFile.Cursor users = UsersFile.open(store.usersFile(run));
             ReadAhead ahead = new ReadAhead(users, export::readAhead, readers)) {
            for (ReadAhead.Next next = ahead.next(); next != null; next = ahead.next()) {
                ReadAhead.UserRows read = next.read();
                if (read == null) {
                    rows += export.writeUser(next.user(), out, collected).rows();
                } else {
                    collected.read(read.results());
                    for (ExportRow row : read.rows()) {
                        out.write(row);
                    }
                    rows += read.rows().size();
                }
            }
        }
        out.finish();
        return rows;
    }

    /**
     * A user's rows from a results.json of at most {@code budget} bytes, on a reader thread; null (the export reads
     * the user itself) without such a file.
     */
    private ReadAhead.UserRows readAhead(UserId user, long budget) throws IOException {
        Path results = store.resultsFile(user, run);
        try (SeekableByteChannel file = Files.newByteChannel(results)) {
            long size = file.size();
            if (size > budget) {
                return null;
            }
            Buffered rows = new Buffered();
            writeResults(user, results, Channels.newInputStream(file), rows);
            return new ReadAhead.UserRows(rows.rows, results, size);
        } catch (NoSuchFileException notYet) {
            return null;
        }
    }

    /** Told of each results.json the export reads, before its rows: the summary takes its time of writing. */
    @FunctionalInterface
    interface CollectedResults {
        void read(Path resultsFile) throws IOException;
    }

    private Written writeUser(UserId user, ExportWriter out, CollectedResults collected) throws IOException {
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
            return new Written(1, UserOutcome.NOT_COLLECTED);
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
        return new Written(rows, UserOutcome.NOT_COLLECTED);
    }

    /** Walks results.json's top-level keys and each entry of {@code requests}, field by field. */
    private Written writeResults(UserId user, Path results, InputStream in, ExportWriter out) throws IOException {
        long rows = 0;
        String status = null;
        String reason = null;
        // written before the requests; files from before it was recorded fall back to config.yaml
        String model = facts.modelId();
        try (JsonParser parser = PARSERS.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(results + " is not a JSON object");
            }
            while (nextField(parser)) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (key) {
                    case "status" -> status = text(parser, value);
                    case "reason" -> reason = text(parser, value);
                    case "model" -> model = value == JsonToken.VALUE_STRING ? parser.getText() : model;
                    case "requests" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IOException(results + ": \"requests\" is not an array");
                        }
                        for (JsonToken entry = parser.nextToken(); entry != JsonToken.END_ARRAY;
                                entry = parser.nextToken()) {
                            if (entry != JsonToken.START_OBJECT) {
                                throw new JsonParseException(parser, ended(entry, "a request object"));
                            }
                            out.write(requestRow(user, model, parser));
                            rows++;
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new IOException(results + " is not readable JSON: " + e.getOriginalMessage(), e);
        }
        if (ResultStatus.SKIPPED.json().equals(status)) {
            out.write(row(user, null, userKey(user), model, SKIPPED, null, reason));
            rows++;
        }
        return new Written(rows, new UserOutcome(status, reason));
    }

    /**
     * One entry of {@code requests}, read field by field from its START_OBJECT without building objects: building
     * them, and JSON-P's parsing, were most of the export's time (P8).
     */
    private ExportRow requestRow(UserId user, String model, JsonParser parser) throws IOException {
        String customId = null;
        String recordKey = null;
        boolean recordKeyRecorded = false;
        String responseModel = null;
        Integer statusCode = null;
        String answer = null;
        String reasoning = null;
        String finishReason = null;
        String requestId = null;
        Usage usage = Usage.NONE;
        ErrorFields error = null;
        while (nextField(parser)) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (key) {
                case "custom_id" -> customId = text(parser, value);
                case "record_key" -> {
                    recordKey = text(parser, value);
                    recordKeyRecorded = true;
                }
                case "model" -> responseModel = text(parser, value);
                case "status_code" -> statusCode = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
                case "answer" -> answer = text(parser, value);
                case "reasoning" -> reasoning = text(parser, value);
                case "finish_reason" -> finishReason = text(parser, value);
                case "request_id" -> requestId = text(parser, value);
                case "usage" -> usage = value == JsonToken.START_OBJECT ? Usage.read(parser) : Usage.NONE;
                case "error" -> error = value == JsonToken.START_OBJECT ? ErrorFields.read(parser) : null;
                default -> parser.skipChildren();
            }
        }
        String errorCode = error == null ? null : error.code();
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
        return new ExportRow(runText, user.value(), customId, recordKey, model,
                status, answer, allowed, label, reasoning, finishReason, usage.prompt(), usage.completion(),
                usage.reasoning(), usage.cached(), cost(usage.prompt(), usage.completion()), statusCode, errorCode,
                error == null ? null : error.message(), requestId, responseModel);
    }

    /** A request's {@code usage}: the counts the export has columns for; null where the provider gave none. */
    private record Usage(Long prompt, Long completion, Long reasoning, Long cached) {

        static final Usage NONE = new Usage(null, null, null, null);

        /** From its START_OBJECT to its END_OBJECT. */
        static Usage read(JsonParser parser) throws IOException {
            Long prompt = null;
            Long completion = null;
            Long reasoning = null;
            Long cached = null;
            while (nextField(parser)) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (key) {
                    case "prompt_tokens" -> prompt = number(parser, value);
                    case "completion_tokens" -> completion = number(parser, value);
                    case "completion_tokens_details" -> reasoning = nested(parser, value, "reasoning_tokens");
                    case "prompt_tokens_details" -> cached = nested(parser, value, "cached_tokens");
                    default -> parser.skipChildren();
                }
            }
            return new Usage(prompt, completion, reasoning, cached);
        }

        /** The number under {@code wanted} of a nested object such as {@code completion_tokens_details}. */
        private static Long nested(JsonParser parser, JsonToken value, String wanted) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                return null;
            }
            Long found = null;
            while (nextField(parser)) {
                String key = parser.currentName();
                JsonToken inner = parser.nextToken();
                if (key.equals(wanted)) {
                    found = number(parser, inner);
                } else {
                    parser.skipChildren();
                }
            }
            return found;
        }
    }

    /** A request's {@code error}: its code (a string, or a number as written) and message. */
    private record ErrorFields(String code, String message) {

        static ErrorFields read(JsonParser parser) throws IOException {
            String code = null;
            String message = null;
            while (nextField(parser)) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (key) {
                    case "code" -> code = text(parser, value);
                    case "message" -> message = text(parser, value);
                    default -> parser.skipChildren();
                }
            }
            return new ErrorFields(code, message);
        }
    }

    /** A row without an answer: a request not collected yet, or the one row of a skipped or unprepared user. */
    private ExportRow row(UserId user, String customId, String recordKey, String model, String status,
                          String errorCode, String errorMessage) {
        return new ExportRow(runText, user.value(), customId, recordKey, model, status, null, null, null,
                null, null, null, null, null, null, null, null, errorCode, errorMessage, null, null);
    }

    /** The request's cost at the batch price; none without usage (nothing billed) or without a price (unknown). */
    private String cost(Long promptTokens, Long completionTokens) {
        if (costText == null || (promptTokens == null && completionTokens == null)) {
            return null;
        }
        return costText.of(promptTokens == null ? 0 : promptTokens, completionTokens == null ? 0 : completionTokens);
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

    private static String customId(String batchLine) throws IOException {
        try (JsonParser parser = PARSERS.createParser(batchLine)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (nextField(parser)) {
                    String key = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (key.equals("custom_id")) {
                        return text(parser, value);
                    }
                    parser.skipChildren();
                }
            }
            return null;
        }
    }

    /** Whether another field of the current object follows; an error where the file ends inside it. */
    private static boolean nextField(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_OBJECT) {
            return false;
        }
        if (token != JsonToken.FIELD_NAME) {
            throw new JsonParseException(parser, ended(token, "a field name or '}'"));
        }
        return true;
    }

    private static String ended(JsonToken found, String expected) {
        return found == null ? "the file ends before the object or array is closed" : "expected " + expected
                + ", found " + found;
    }

    /** A scalar as text (numbers and booleans as written); null for null, and for objects and arrays (skipped). */
    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        return value == JsonToken.VALUE_NULL ? null : parser.getText();
    }

    private static Long number(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getValueAsLong();
        }
        parser.skipChildren();
        return null;
    }
}
