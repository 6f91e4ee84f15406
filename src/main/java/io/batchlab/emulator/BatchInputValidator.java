package io.batchlab.emulator;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks a batch input file line by line the way Groq does: bad lines are reported, good lines still run. */
final class BatchInputValidator {

    static final int MAX_LINES = 50_000;
    static final long MAX_BYTES = 100L * 1024 * 1024;
    static final String ENDPOINT = "/v1/chat/completions";

    private final Set<String> models;
    private final Map<String, String> decommissionedModels;

    BatchInputValidator(Set<String> models, Map<String, String> decommissionedModels) {
        this.models = models;
        this.decommissionedModels = decommissionedModels;
    }

    BatchInput validate(StoredFile file) throws IOException {
        if (file.content().size() > MAX_BYTES) {
            return BatchInput.rejected(LineError.ofFile("file_too_large", "input file " + file.id() + " has "
                    + file.content().size() + " bytes; at most " + MAX_BYTES + " bytes (100 MB) are allowed"));
        }
        List<BatchInput.Request> requests = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        Set<String> seenCustomIds = new HashSet<>();
        String firstModel = null;
        int lineNumber = 0;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(file.content().open(), StandardCharsets.UTF_8), 64 * 1024)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (lineNumber > MAX_LINES) {
                    return BatchInput.rejected(LineError.ofFile("too_many_lines", "input file " + file.id()
                            + " has more than " + MAX_LINES + " lines; split it into several batches"));
                }
                LineCheck check = checkLine(line, lineNumber, seenCustomIds);
                if (firstModel == null && check.model() != null) {
                    firstModel = check.model();
                }
                if (check.error() != null) {
                    errors.add(check.error());
                } else {
                    requests.add(new BatchInput.Request(lineNumber, check.customId(), check.body().toString()));
                }
            }
        }
        return new BatchInput(lineNumber, requests, errors, null, firstModel);
    }

    private record LineCheck(String customId, JsonObject body, String model, LineError error) {
    }

    private LineCheck checkLine(String line, int number, Set<String> seenCustomIds) {
        JsonObject request;
        try {
            request = Json.PROVIDER.createReader(new StringReader(line)).readObject();
        } catch (JsonException | IllegalStateException e) {
            return failed(null, null, new LineError("invalid_json",
                    "line " + number + " is not a JSON object: " + e.getMessage(), null, number, null));
        }
        String customId = string(request, "custom_id");
        JsonObject body = request.get("body") instanceof JsonObject object ? object : null;
        String model = body == null ? null : string(body, "model");
        if (customId == null || customId.isEmpty()) {
            return failed(null, model, missing("custom_id", number, null));
        }
        if (!seenCustomIds.add(customId)) {
            return failed(customId, model, new LineError("duplicate_custom_id", "line " + number + ": custom_id '"
                    + customId + "' is already used by an earlier line; custom_id must be unique in the file",
                    "custom_id", number, null));
        }
        String method = string(request, "method");
        if (method == null) {
            return failed(customId, model, missing("method", number, customId));
        }
        if (!method.equals("POST")) {
            return failed(customId, model, new LineError("invalid_method", "line " + number + ": method '" + method
                    + "' is not supported; only POST is allowed", "method", number, customId));
        }
        String url = string(request, "url");
        if (url == null) {
            return failed(customId, model, missing("url", number, customId));
        }
        if (!url.equals(ENDPOINT)) {
            return failed(customId, model, new LineError("invalid_url", "line " + number + ": url '" + url
                    + "' is not supported; only " + ENDPOINT + " is allowed", "url", number, customId));
        }
        if (body == null) {
            return failed(customId, model, missing("body", number, customId));
        }
        if (model == null) {
            return failed(customId, null, missing("body.model", number, customId));
        }
        if (!(body.get("messages") instanceof JsonArray)) {
            return failed(customId, model, missing("body.messages", number, customId));
        }
        if (decommissionedModels.containsKey(model)) {
            return failed(customId, model, new LineError("model_decommissioned", "line " + number + ": the model `"
                    + model + "` has been decommissioned; use " + decommissionedModels.get(model) + " instead",
                    "body.model", number, customId));
        }
        if (!models.contains(model)) {
            return failed(customId, model, new LineError("model_not_found", "line " + number + ": the model `"
                    + model + "` does not exist or is not available for batch; available: " + String.join(", ",
                    new TreeSet<>(models)), "body.model", number, customId));
        }
        return new LineCheck(customId, body, model, null);
    }

    private static LineCheck failed(String customId, String model, LineError error) {
        return new LineCheck(customId, null, model, error);
    }

    private static LineError missing(String param, int number, String customId) {
        return new LineError("missing_required_parameter", "line " + number + ": '" + param
                + "' is missing; every line needs custom_id, method, url and body (with model and messages)",
                param, number, customId);
    }

    private static String string(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof JsonString text ? text.getString() : null;
    }
}
