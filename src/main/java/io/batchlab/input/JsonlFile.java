package io.batchlab.input;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Map;

/** Reads a JSONL file: every non-blank line must be one JSON object; blank lines are skipped. */
final class JsonlFile implements Closeable {

    /** One object line: its 1-based number, its text as read, and the parsed object. */
    record Line(long number, String text, JsonObject object) {
    }

    /** Looked up once: creating readers through {@code Json.createReader} searches the provider each time. */
    static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private final Path file;
    private final BufferedReader reader;
    private long lineNumber;

    private JsonlFile(Path file, BufferedReader reader) {
        this.file = file;
        this.reader = reader;
    }

    /** Opens {@code file}; a missing file is an {@link InputException}. */
    static JsonlFile open(Path file) throws IOException {
        return new JsonlFile(file, StrictUtf8.reader(file, 1 << 16));
    }

    /** The next object line, or {@code null} at the end of the file. */
    Line next() throws IOException {
        String text;
        do {
            text = readLine();
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        return new Line(lineNumber, text, parseObject(file, lineNumber, text));
    }

    private String readLine() throws IOException {
        String text;
        try {
            text = reader.readLine();
        } catch (CharacterCodingException e) {
            throw new InputException(file, lineNumber + 1, StrictUtf8.NOT_UTF8, e);
        }
        if (text == null) {
            return null;
        }
        lineNumber++;
        return lineNumber == 1 ? StrictUtf8.withoutBom(text) : text;
    }

    /** Parses one line that must hold exactly one JSON object. */
    static JsonObject parseObject(Path file, long line, String text) {
        JsonValue value;
        try (JsonReader json = READERS.createReader(new StringReader(text))) {
            value = json.readValue();
        } catch (JsonParsingException e) {
            throw new InputException(file, line, "invalid JSON at column " + e.getLocation().getColumnNumber()
                    + " (" + e.getMessage() + "): each line must be one JSON object", e);
        } catch (JsonException e) {
            throw new InputException(file, line, "invalid JSON (" + e.getMessage()
                    + "): each line must be one JSON object", e);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InputException(file, line, "a JSON " + value.getValueType().name().toLowerCase()
                    + ", not an object: each line must be one JSON object like {\"id\": ...}");
        }
        return value.asJsonObject();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
