package io.batchlab.input;

import io.batchlab.store.InvalidUserIdException;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory with one file per user: {@code USER_ID.jsonl} (one record per line) or {@code USER_ID.json} (a JSON
 * array of records). Hidden files (names starting with '.', e.g. {@code .DS_Store}) are ignored; any other file or
 * subdirectory is an error, so a misnamed file cannot silently drop a user.
 * Listing the users holds their ids in memory (one per file) to sort them.
 */
final class DirectoryUserRecords implements UserRecords {

    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());
    private static final String ALLOWED = ": the directory may only hold USER_ID.jsonl or USER_ID.json files";

    private final Path dir;

    private DirectoryUserRecords(Path dir) {
        this.dir = dir;
    }

    static DirectoryUserRecords open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir, Files.exists(dir)
                    ? "not a directory: input kind DIRECTORY needs a directory of USER_ID.jsonl or USER_ID.json files"
                    : "directory not found");
        }
        return new DirectoryUserRecords(dir);
    }

    @Override
    public Iterator<UserId> users() {
        Map<UserId, Path> users = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                UserId user = userOf(entry, name);
                Path other = users.put(user, entry);
                if (other != null) {
                    throw new InputException(entry, "user " + user + " also has " + other.getFileName()
                            + ": keep either USER_ID.jsonl or USER_ID.json, not both");
                }
            }
        } catch (IOException e) {
            throw new InputException(dir, "cannot list the directory: " + e);
        }
        return users.keySet().iterator();
    }

    private static UserId userOf(Path entry, String name) {
        if (!Files.isRegularFile(entry)) {
            throw new InputException(entry, "not a file" + ALLOWED);
        }
        String id;
        if (name.endsWith(".jsonl")) {
            id = name.substring(0, name.length() - ".jsonl".length());
        } else if (name.endsWith(".json")) {
            id = name.substring(0, name.length() - ".json".length());
        } else {
            throw new InputException(entry, "unexpected file" + ALLOWED);
        }
        try {
            return UserId.of(id, entry.toString());
        } catch (InvalidUserIdException e) {
            throw new InputException(entry, e.getMessage());
        }
    }

    @Override
    public List<JsonObject> recordsOf(UserId user, RecordLimit limit) throws IOException, RecordLimitException {
        Path lines = dir.resolve(user.value() + ".jsonl");
        Path array = dir.resolve(user.value() + ".json");
        if (Files.isRegularFile(lines)) {
            return readLines(lines, limit.tally(user, lines));
        }
        if (Files.isRegularFile(array)) {
            return readArray(array, limit.tally(user, array));
        }
        return List.of();
    }

    private static List<JsonObject> readLines(Path file, RecordLimit.Tally tally)
            throws IOException, RecordLimitException {
        List<JsonObject> records = new ArrayList<>();
        try (JsonlFile jsonl = JsonlFile.open(file)) {
            for (JsonlFile.Line line = jsonl.next(); line != null; line = jsonl.next()) {
                tally.add(line.bytes());
                records.add(line.object());
            }
        }
        return records;
    }

    private static List<JsonObject> readArray(Path file, RecordLimit.Tally tally)
            throws IOException, RecordLimitException {
        List<JsonObject> records = new ArrayList<>();
        try (Reader reader = strictUtf8(file);
             JsonParser parser = PARSERS.createParser(reader)) {
            try {
                expect(file, parser, JsonParser.Event.START_ARRAY, "the file must be a JSON array of records");
                for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_ARRAY;
                     event = parser.next()) {
                    if (event != JsonParser.Event.START_OBJECT) {
                        throw new InputException(file, parser.getLocation().getLineNumber(),
                                "array element " + (records.size() + 1) + " is not a JSON object: "
                                        + "the file must be a JSON array of record objects");
                    }
                    long start = parser.getLocation().getStreamOffset();
                    JsonObject record = parser.getObject();
                    // Characters, not bytes: the same for ASCII, fewer for other text; close enough for a bound.
                    tally.add(parser.getLocation().getStreamOffset() - start + 1);
                    records.add(record);
                }
            } catch (JsonParsingException e) {
                throw new InputException(file, e.getLocation().getLineNumber(),
                        "invalid JSON (" + e.getMessage() + "): the file must be a JSON array of records", e);
            } catch (JsonException e) {
                if (e.getCause() instanceof CharacterCodingException) {
                    throw new InputException(file, parser.getLocation().getLineNumber(), Utf8Lines.NOT_UTF8, e);
                }
                throw new InputException(file, parser.getLocation().getLineNumber(),
                        "invalid JSON (" + e.getMessage() + "): the file must be a JSON array of records", e);
            }
        }
        return records;
    }

    /** Fails on malformed bytes instead of silently replacing them. */
    private static Reader strictUtf8(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 14);
    }

    private static void expect(Path file, JsonParser parser, JsonParser.Event expected, String rule) {
        if (!parser.hasNext() || parser.next() != expected) {
            throw new InputException(file, parser.getLocation().getLineNumber(), rule);
        }
    }

    @Override
    public void close() {
        // nothing held open between calls
    }
}
