package io.batchlab.provider;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns every provider answer with status ≥ 400 into a {@link ProviderException} with its status, code and type. */
public class ProviderExceptionMapper implements ResponseExceptionMapper<ProviderException> {

    private static final int MAX_MESSAGE_CHARS = 500;

    @Override
    public ProviderException toThrowable(Response response) {
        String body = readBody(response);
        JsonObject error = errorObject(body);
        String message = error != null && error.get("message") instanceof JsonString s
                ? s.getString()
                : fallbackMessage(response, body);
        String code = stringOrNull(error, "code");
        String type = stringOrNull(error, "type");
        String requestId = response.getHeaderString("x-request-id");
        Duration retryAfter = RetryAfterHeader.parse(
                response.getHeaderString("retry-after-ms"), response.getHeaderString("retry-after"), Clock.systemUTC())
                .orElse(null);
        return create(response.getStatus(), requestId, code, type, message, retryAfter);
    }

    static ProviderException create(int status, String requestId, String code, String type, String message,
                                    Duration retryAfter) {
        String text = "HTTP " + status + (code == null ? "" : " " + code) + ": " + message
                + (requestId == null ? "" : " (request id " + requestId + ")");
        return new ProviderException(status, requestId, code, type, text, retryAfter);
    }

    private static String readBody(Response response) {
        if (!response.hasEntity()) {
            return "";
        }
        try {
            return response.readEntity(String.class);
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Groq's {@code {"error":{"message","type","code"}}}; null when the body is not shaped like that. */
    private static JsonObject errorObject(String body) {
        if (body.isBlank()) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject root && root.get("error") instanceof JsonObject error) {
                return error;
            }
            return null;
        } catch (JsonException e) {
            return null;
        }
    }

    private static String stringOrNull(JsonObject object, String key) {
        if (object == null) {
            return null;
        }
        JsonValue value = object.get(key);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonNumber n) {
            return n.toString();
        }
        return null;
    }

    private static String fallbackMessage(Response response, String body) {
        String reason = response.getStatusInfo().getReasonPhrase();
        String trimmed = body.length() > MAX_MESSAGE_CHARS ? body.substring(0, MAX_MESSAGE_CHARS) + "…" : body;
        return trimmed.isBlank() ? String.valueOf(reason) : trimmed.strip();
    }
}
