package io.batchlab.emulator;

import com.sun.net.httpserver.HttpExchange;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP call being answered: its path parameters, query, body and the ways to answer it. */
final class ApiCall {

    private final HttpExchange exchange;
    private final List<String> pathParams;
    private final Map<String, List<String>> query;

    ApiCall(HttpExchange exchange, List<String> pathParams) {
        this.exchange = exchange;
        this.pathParams = List.copyOf(pathParams);
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    String pathParam(int index) {
        return pathParams.get(index);
    }

    List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }

    String queryValue(String name) {
        List<String> values = queryValues(name);
        return values.isEmpty() ? null : values.get(0);
    }

    String requestHeader(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    InputStream body() {
        return exchange.getRequestBody();
    }

    JsonObject readJsonObject() {
        try (InputStream in = exchange.getRequestBody()) {
            return Json.PROVIDER.createReader(in).readObject();
        } catch (JsonException | IOException | IllegalStateException e) {
            throw ApiError.invalidRequest("invalid_json", null,
                    "the request body must be a JSON object: " + e.getMessage());
        }
    }

    void sendJson(int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    void sendError(ApiError error) throws IOException {
        error.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        JsonObjectBuilder details = Json.BUILDERS.createObjectBuilder()
                .add("message", error.getMessage())
                .add("type", error.type());
        details.add("code", error.code() == null ? JsonValue.NULL : Json.PROVIDER.createValue(error.code()));
        if (error.param() != null) {
            details.add("param", error.param());
        }
        sendJson(error.status(), Json.BUILDERS.createObjectBuilder().add("error", details).build());
    }

    /** Streams {@code length} bytes as application/octet-stream without holding them in memory. */
    void sendBytes(InputStream content, long length) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
        try (InputStream in = content; OutputStream out = exchange.getResponseBody()) {
            in.transferTo(out);
        }
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return result;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            result.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return result;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
