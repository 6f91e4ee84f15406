package io.batchlab.results;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The token usage one results.json reports, summed over its requests (the {@code usage} of each answered request;
 * {@code reasoning} from {@code completion_tokens_details}, {@code cached} from {@code prompt_tokens_details}). Read as
 * a stream, one request at a time.
 */
public record ResultsUsage(long prompt, long completion, long reasoning, long cached) {

    public static final ResultsUsage NONE = new ResultsUsage(0, 0, 0, 0);
    private static final JsonProvider JSON = JsonProvider.provider();

    public ResultsUsage plus(ResultsUsage other) {
        return new ResultsUsage(prompt + other.prompt, completion + other.completion, reasoning + other.reasoning,
                cached + other.cached);
    }

    public ResultsUsage minus(ResultsUsage other) {
        return new ResultsUsage(prompt - other.prompt, completion - other.completion, reasoning - other.reasoning,
                cached - other.cached);
    }

    public static ResultsUsage of(Path resultsJson) throws IOException {
        ResultsUsage sum = NONE;
        try (InputStream in = Files.newInputStream(resultsJson); JsonParser parser = JSON.createParser(in)) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new IOException(resultsJson + " is not a JSON object");
            }
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_OBJECT) {
                    break;
                }
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if (key.equals("requests") && value == JsonParser.Event.START_ARRAY) {
                    while (parser.next() == JsonParser.Event.START_OBJECT) {
                        sum = sum.plus(ofRequest(parser.getObject()));
                    }
                } else if (value == JsonParser.Event.START_OBJECT) {
                    parser.skipObject();
                } else if (value == JsonParser.Event.START_ARRAY) {
                    parser.skipArray();
                }
            }
        }
        return sum;
    }

    private static ResultsUsage ofRequest(JsonObject request) {
        if (!(request.get("usage") instanceof JsonObject usage)) {
            return NONE;
        }
        return new ResultsUsage(number(usage, "prompt_tokens"), number(usage, "completion_tokens"),
                number(details(usage, "completion_tokens_details"), "reasoning_tokens"),
                number(details(usage, "prompt_tokens_details"), "cached_tokens"));
    }

    private static JsonObject details(JsonObject usage, String key) {
        return usage.get(key) instanceof JsonObject d ? d : jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
    }

    private static long number(JsonObject object, String key) {
        return object.get(key) instanceof JsonNumber n ? n.longValue() : 0;
    }
}
