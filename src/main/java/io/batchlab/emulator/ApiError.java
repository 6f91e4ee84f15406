package io.batchlab.emulator;

import java.util.Map;

/** An error answer in Groq's shape {@code {"error":{"message","type","code","param"}}}. */
final class ApiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final Map<String, String> headers;

    ApiError(int status, String type, String code, String param, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.headers = Map.copyOf(headers);
    }

    static ApiError invalidRequest(String code, String param, String message) {
        return new ApiError(400, "invalid_request_error", code, param, message, Map.of());
    }

    static ApiError notFound(String code, String message) {
        return new ApiError(404, "invalid_request_error", code, null, message, Map.of());
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String code() {
        return code;
    }

    String param() {
        return param;
    }

    Map<String, String> headers() {
        return headers;
    }
}
