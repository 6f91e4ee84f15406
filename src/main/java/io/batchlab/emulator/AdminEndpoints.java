package io.batchlab.emulator;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code /admin}: counts and fault knobs for tests and benchmarks driving an emulator in another process. Fault JSON
 * uses the {@link FaultSettings} names, durations in milliseconds ({@code latencyMs}, {@code completionWindowOverrideMs});
 * a missing key means "no such fault". Every {@code POST} must say {@code Content-Type: application/json} (else 415):
 * a web page may post a form or plain text to 127.0.0.1 without asking, but not JSON, so no page a developer visits
 * can switch faults on or reset the counts.
 */
final class AdminEndpoints {

    private final CallCounter counter;
    private final Supplier<FaultSettings> faults;
    private final Consumer<FaultSettings> setFaults;

    AdminEndpoints(CallCounter counter, Supplier<FaultSettings> faults, Consumer<FaultSettings> setFaults) {
        this.counter = counter;
        this.faults = faults;
        this.setFaults = setFaults;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/counts", call -> call.sendJson(200, countsJson(counter.snapshot()))),
                Route.of("POST", "/reset-counts", call -> {
                    requireJson(call);
                    counter.reset();
                    call.sendJson(200, countsJson(counter.snapshot()));
                }),
                Route.of("GET", "/faults", call -> call.sendJson(200, faultsJson(faults.get()))),
                Route.of("POST", "/faults", call -> {
                    requireJson(call);
                    FaultSettings parsed = parseFaults(call.readJsonObject());
                    setFaults.accept(parsed);
                    call.sendJson(200, faultsJson(parsed));
                }));
    }

    /** @throws ApiError 415 unless the request says its body is JSON (parameters such as a charset may follow) */
    static void requireJson(ApiCall call) {
        String contentType = call.requestHeader("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            throw new ApiError(415, "invalid_request_error", "unsupported_media_type", null,
                    "the admin endpoints accept only Content-Type: application/json, got "
                            + (contentType == null ? "none" : "'" + contentType + "'"), Map.of());
        }
    }

    static JsonObject countsJson(EmulatorCounts counts) {
        return Json.BUILDERS.createObjectBuilder()
                .add("perEndpoint", longs(counts.perEndpoint()))
                .add("uploadsPerRunUser", longs(counts.uploadsPerRunUser()))
                .add("batchesPerRunUser", longs(counts.batchesPerRunUser()))
                .add("requestsPerCustomId", longs(counts.requestsPerCustomId()))
                .add("totalCalls", counts.totalCalls())
                .add("rateLimitedCalls", counts.rateLimitedCalls())
                .build();
    }

    static JsonObject faultsJson(FaultSettings faults) {
        JsonObjectBuilder json = Json.BUILDERS.createObjectBuilder()
                .add("latencyMs", faults.latency().toMillis())
                .add("rateLimitPerSecond", faults.rateLimitPerSecond())
                .add("serverErrorRate", faults.serverErrorRate())
                .add("connectionResetRate", faults.connectionResetRate())
                .add("malformedOutputRate", faults.malformedOutputRate())
                .add("expireUsers", strings(faults.expireUsers()))
                .add("failUsers", strings(faults.failUsers()))
                .add("expireRate", faults.expireRate())
                .add("rateLimitedRate", faults.rateLimitedRate())
                .add("rateLimitHeaders", faults.rateLimitHeaders())
                .add("holdBatches", faults.holdBatches());
        if (faults.completionWindowOverride() != null) {
            json.add("completionWindowOverrideMs", faults.completionWindowOverride().toMillis());
        }
        return json.build();
    }

    static FaultSettings parseFaults(JsonObject json) {
        Set<String> known = Set.of("latencyMs", "rateLimitPerSecond", "serverErrorRate", "connectionResetRate",
                "malformedOutputRate", "expireUsers", "failUsers", "expireRate", "completionWindowOverrideMs",
                "rateLimitedRate", "rateLimitHeaders", "holdBatches");
        for (String key : json.keySet()) {
            if (!known.contains(key)) {
                throw ApiError.invalidRequest("invalid_value", key, "unknown fault '" + key + "'; known: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
        try {
            Long windowMs = json.containsKey("completionWindowOverrideMs") ? number(json, "completionWindowOverrideMs")
                    .longValue() : null;
            return new FaultSettings(Duration.ofMillis(number(json, "latencyMs").longValue()),
                    number(json, "rateLimitPerSecond").doubleValue(), number(json, "serverErrorRate").doubleValue(),
                    number(json, "connectionResetRate").doubleValue(), number(json, "malformedOutputRate").doubleValue(),
                    stringSet(json, "expireUsers"), stringSet(json, "failUsers"), number(json, "expireRate").doubleValue(),
                    windowMs == null ? null : Duration.ofMillis(windowMs), number(json, "rateLimitedRate").doubleValue(),
                    bool(json, "rateLimitHeaders", true), bool(json, "holdBatches", false));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidRequest("invalid_value", null, e.getMessage());
        }
    }

    private static Number number(JsonObject json, String key) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            return 0;
        }
        if (!(value instanceof JsonNumber number)) {
            throw ApiError.invalidRequest("invalid_type", key, "'" + key + "' must be a number");
        }
        return number.bigDecimalValue();
    }

    private static boolean bool(JsonObject json, String key, boolean absent) {
        JsonValue value = json.get(key);
        if (value == null || value == JsonValue.NULL) {
            return absent;
        }
        if (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE) {
            throw ApiError.invalidRequest("invalid_type", key, "'" + key + "' must be true or false");
        }
        return value.getValueType() == JsonValue.ValueType.TRUE;
    }

    private static Set<String> stringSet(JsonObject json, String key) {
        JsonValue value = json.get(key);
        Set<String> result = new LinkedHashSet<>();
        if (value == null || value == JsonValue.NULL) {
            return result;
        }
        if (!(value instanceof JsonArray array)) {
            throw ApiError.invalidRequest("invalid_type", key, "'" + key + "' must be an array of user ids");
        }
        for (JsonValue item : array) {
            if (!(item instanceof JsonString text)) {
                throw ApiError.invalidRequest("invalid_type", key, "'" + key + "' must hold strings only");
            }
            result.add(text.getString());
        }
        return result;
    }

    private static JsonObject longs(Map<String, Long> values) {
        JsonObjectBuilder json = Json.BUILDERS.createObjectBuilder();
        new TreeMap<>(values).forEach(json::add);
        return json.build();
    }

    private static JsonArrayBuilder strings(Set<String> values) {
        JsonArrayBuilder json = Json.BUILDERS.createArrayBuilder();
        new TreeSet<>(values).forEach(json::add);
        return json;
    }
}
