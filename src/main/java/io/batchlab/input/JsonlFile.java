package io.batchlab.input;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;

/** Reads a JSONL file: every non-blank line must be exactly one JSON object; blank lines are skipped. */
final class JsonlFile implements Closeable {

    /** One object line: its 1-based number, its text as read, its length in bytes, and the parsed object. */
    record Line(long number, String text, long bytes, JsonObject object) {
    }

    /** Looked up once: {@code Json.createReader}/{@code createParser} search for the provider on every call. */
    static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final String RULE = "each line must be one JSON object";

    private final Path file;
    private final Utf8Lines lines;

    private JsonlFile(Path file, Utf8Lines lines) {
        this.file = file;
        this.lines = lines;
    }

    /** Opens {@code file}; a missing file is an {@link InputException}. */
    static JsonlFile open(Path file) throws IOException {
        return new JsonlFile(file, Utf8Lines.open(file));
    }

    /** The next object line, or {@code null} at the end of the file. */
    Line next() throws IOException {
        String text;
        do {
            text = lines.next();
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        return new Line(lines.number(), text, lines.bytes(), parseObject(lines.number(), text));
    }

    /** Parses with a parser rather than a reader, which would accept text after the object. */
    private JsonObject parseObject(long line, String text) {
        try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
            JsonParser.Event first = parser.next();
            if (first != JsonParser.Event.START_OBJECT) {
                throw new InputException(file, line, describe(first) + ", not an object: " + RULE
                        + " like {\"id\": ...}");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw new InputException(file, line, "more text after the JSON object: " + RULE);
            }
            return object;
        } catch (JsonParsingException e) {
            throw new InputException(file, line, "invalid JSON at column " + e.getLocation().getColumnNumber()
                    + " (" + e.getMessage() + "): " + RULE, e);
        }
    }

    private static String describe(JsonParser.Event event) {
        return switch (event) {
            case START_ARRAY -> "a JSON array";
            case VALUE_STRING -> "a JSON string";
            case VALUE_NUMBER -> "a JSON number";
            case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
            case VALUE_NULL -> "JSON null";
            default -> "unexpected JSON " + event;
        };
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
