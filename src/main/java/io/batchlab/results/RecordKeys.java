package io.batchlab.results;

import io.batchlab.request.RecordKey;
import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The record keys of one user's requests between preparing and collecting. Keys read from the records'
 * {@code input.record_key} field are kept in the user's upload.json under {@value #UPLOAD_FIELD}
 * ({@code {"r00001": "post-17", …}}): batch.jsonl must stay the provider's format, and upload.json is batchlab's own
 * record of the submission, written atomically once the batch exists. Without that setting a key follows from the
 * custom_id alone ({@link RecordKey#implied}), so nothing is kept. At most one entry per line of the user's batch file,
 * which the provider caps at 50,000.
 */
public final class RecordKeys {

    public static final String UPLOAD_FIELD = "record_keys";

    /** Looked up once: {@code Json.create*} searches the class path for the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final UserId user;
    private final Map<String, String> recorded;
    private final boolean fromField;

    private RecordKeys(UserId user, Map<String, String> recorded, boolean fromField) {
        this.user = user;
        this.recorded = recorded;
        this.fromField = fromField;
    }

    /**
     * The keys of {@code user}'s requests.
     *
     * @param uploadFile     the user's upload.json; it may not exist yet (a user prepared but not submitted)
     * @param recordKeyField the run's {@code input.record_key}, or {@code null}
     */
    static RecordKeys of(UserId user, Path uploadFile, String recordKeyField) throws IOException {
        if (recordKeyField == null) {
            return new RecordKeys(user, Map.of(), false);
        }
        return new RecordKeys(user, recorded(uploadFile), true);
    }

    /** The key of the request {@code customId}; {@code null} when it was read from a field not recorded here. */
    String of(String customId) {
        return fromField ? recorded.get(customId) : RecordKey.implied(customId, user).orElse(null);
    }

    private static Map<String, String> recorded(Path uploadFile) throws IOException {
        Map<String, String> keys = new HashMap<>();
        InputStream opened;
        try {
            opened = Files.newInputStream(uploadFile);
        } catch (NoSuchFileException notSubmitted) {
            return keys;
        }
        try (InputStream in = opened; JsonParser parser = JSON.createParser(in)) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new IOException(uploadFile + " is not a JSON object");
            }
            while (parser.next() == JsonParser.Event.KEY_NAME) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if (key.equals(UPLOAD_FIELD) && value == JsonParser.Event.START_OBJECT) {
                    JsonObject object = parser.getObject();
                    object.forEach((customId, recordKey) -> keys.put(customId, text(recordKey)));
                } else if (value == JsonParser.Event.START_OBJECT) {
                    parser.skipObject();
                } else if (value == JsonParser.Event.START_ARRAY) {
                    parser.skipArray();
                }
            }
        } catch (jakarta.json.JsonException e) {
            throw new IOException(uploadFile + " is not readable JSON: " + e.getMessage(), e);
        }
        return keys;
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : null;
    }
}
