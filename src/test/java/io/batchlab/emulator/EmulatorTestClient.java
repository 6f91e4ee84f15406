package io.batchlab.emulator;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A plain java.net.http client for the emulator's API, as a provider client would call it. */
final class EmulatorTestClient {

    static final JsonProvider JSON = JsonProvider.provider();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    EmulatorTestClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    EmulatorTestClient(GroqEmulator emulator) {
        this(emulator.baseUri(), "test-key");
    }

    /** A response with its body as text. */
    record Reply(int status, String body, HttpResponse<String> raw) {

        JsonObject json() {
            return JSON.createReader(new StringReader(body)).readObject();
        }

        String errorCode() {
            return json().getJsonObject("error").getString("code");
        }
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    Reply postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply upload(String filename, String content) {
        return upload(filename, content, "batch");
    }

    Reply upload(String filename, String content, String purpose) {
        String boundary = "----batchlab" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose + "\r\n");
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/jsonl\r\n\r\n");
        write(body, content);
        write(body, "\r\n--" + boundary + "--\r\n");
        return send(request("/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    String uploadId(String filename, String content) {
        Reply reply = upload(filename, content);
        if (reply.status() != 200) {
            throw new AssertionError("upload failed: " + reply.status() + " " + reply.body());
        }
        return reply.json().getString("id");
    }

    Reply createBatch(String fileId, Map<String, String> metadata) {
        StringBuilder meta = new StringBuilder("{");
        metadata.forEach((key, value) -> meta.append(meta.length() > 1 ? "," : "")
                .append('"').append(key).append("\":\"").append(value).append('"'));
        meta.append('}');
        return postJson("/batches", "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/chat/completions\","
                + "\"completion_window\":\"24h\",\"metadata\":" + meta + "}");
    }

    String createBatchId(String fileId, Map<String, String> metadata) {
        Reply reply = createBatch(fileId, metadata);
        if (reply.status() != 200) {
            throw new AssertionError("create failed: " + reply.status() + " " + reply.body());
        }
        return reply.json().getString("id");
    }

    JsonObject batch(String id) {
        return get("/batches/" + id).json();
    }

    String status(String batchId) {
        return batch(batchId).getString("status");
    }

    /** The lines of a file's content. */
    List<String> lines(String fileId) {
        Reply reply = get("/files/" + fileId + "/content");
        if (reply.status() != 200) {
            throw new AssertionError("download failed: " + reply.status() + " " + reply.body());
        }
        List<String> lines = new ArrayList<>(reply.body().lines().toList());
        return lines;
    }

    List<JsonObject> jsonLines(String fileId) {
        return lines(fileId).stream().map(line -> JSON.createReader(new StringReader(line)).readObject()).toList();
    }

    HttpClient http() {
        return http;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One valid input line. */
    static String line(String customId, String model, String question) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{"
                + "\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}}";
    }

    /** {@code count} valid lines r1..rN as one JSONL text. */
    static String lines(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append(line("r" + i, "llama-3.1-8b-instant", "Question " + i)).append('\n');
        }
        return text.toString();
    }
}
