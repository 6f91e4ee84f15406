package io.batchlab.results;

import io.batchlab.input.ByteLines;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lines of a downloaded output or error file, keyed by custom_id (the provider does not keep input order).
 * Unreadable lines are kept as problems with their line number instead of failing the whole user. Each line is
 * decoded as strict UTF-8 on its own, so a bad byte from the provider spoils its line, not the file: a decoding
 * {@code Reader} would fail the whole file, and with it the collect step on every restart.
 */
final class ProviderLines {

    /** Looked up once: {@code Json.create*} searches the class path for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final Map<String, JsonObject> byCustomId;
    private final List<String> problems;

    private ProviderLines(Map<String, JsonObject> byCustomId, List<String> problems) {
        this.byCustomId = byCustomId;
        this.problems = problems;
    }

    static ProviderLines read(Path file) throws IOException {
        Map<String, JsonObject> lines = new HashMap<>();
        List<String> problems = new ArrayList<>();
        if (file == null || !Files.exists(file)) {
            return new ProviderLines(lines, problems);
        }
        try (ByteLines reader = new ByteLines(Files.newInputStream(file), Integer.MAX_VALUE - 8)) {
            long number = 0;
            while (reader.next()) {
                number++;
                String where = file.getFileName() + " line " + number;
                Optional<String> line = reader.decoded();
                if (line.isEmpty()) {
                    problems.add(where + ": not valid UTF-8");
                    continue;
                }
                if (line.get().isBlank()) {
                    continue;
                }
                try (JsonParser parser = JSON.createParser(new StringReader(line.get()))) {
                    parser.next();
                    JsonObject object = parser.getObject();
                    if (object.get("custom_id") instanceof JsonString id) {
                        lines.put(id.getString(), object);
                    } else {
                        problems.add(where + ": no custom_id");
                    }
                } catch (JsonException | IllegalStateException e) {
                    problems.add(where + ": unreadable JSON (" + e.getMessage() + ")");
                }
            }
        }
        return new ProviderLines(lines, problems);
    }

    Optional<RequestResult> resultOf(String customId, String recordKey) {
        JsonObject line = byCustomId.get(customId);
        return line == null ? Optional.empty() : Optional.of(RequestResult.of(customId, recordKey, line));
    }

    List<String> problems() {
        return problems;
    }
}
