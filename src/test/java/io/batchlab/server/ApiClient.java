package io.batchlab.server;

import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Real HTTP to the deployed WAR's {@code /api}, as an operator's script would send it. */
final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URL webApp;

    ApiClient(URL webApp) {
        this.webApp = webApp;
    }

    HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(api(path)).header("Accept", "application/json").GET();
    }

    /** A POST with {@code Content-Type: application/json}, as every changing request must carry. */
    HttpRequest.Builder post(String path, String json) {
        return post(path, "application/json", json);
    }

    HttpRequest.Builder post(String path, String contentType, String body) {
        return HttpRequest.newBuilder(api(path)).header("Content-Type", contentType)
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    URI api(String path) {
        return URI.create(webApp.toString()).resolve(path);
    }

    HttpResponse<String> send(HttpRequest.Builder request, TestUsers.Credentials user) throws Exception {
        return send(request.header("Authorization", user.basicAuthorization()));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET that takes whatever type the server sends, as a browser's download does. */
    HttpResponse<byte[]> download(String path, TestUsers.Credentials user) throws Exception {
        return http.send(get(path).setHeader("Accept", "*/*").header("Authorization", user.basicAuthorization())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The run's view once its status.json says {@code state}; fails after two minutes. */
    JsonObject awaitRun(String run, String state) {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> json(send(get("api/runs/" + run), TestUsers.VIEWER)),
                        body -> state.equals(body.getJsonObject("status").getString("state")));
    }

    /** The body of {@code POST /api/runs} for a config.yaml under the server's data roots. */
    static String newRun(Path config) {
        return Json.createObjectBuilder().add("config", config.toString()).build().toString();
    }

    static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
