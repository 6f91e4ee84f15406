package io.batchlab.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin endpoints over real HTTP: a POST that does not say it is JSON changes nothing. */
class AdminEndpointsTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private GroqEmulator emulator;
    private URI admin;

    @BeforeEach
    void start() throws IOException {
        emulator = GroqEmulator.start(EmulatorSettings.defaults());
        admin = URI.create("http://127.0.0.1:" + emulator.port() + "/admin");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a form post              | application/x-www-form-urlencoded
            a multipart form post    | multipart/form-data; boundary=x
            plain text               | text/plain
            JSON-looking text/plain  | text/plain;charset=UTF-8
            """)
    void aPostThatIsNotJsonIsRefusedWith415AndChangesNothing(String what, String contentType) throws Exception {
        // given: one counted API call
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUri() + "/models"))
                .header("Authorization", "Bearer test-key").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);

        // when: what a web page may send to 127.0.0.1 without a CORS preflight
        HttpResponse<String> faults = post("/faults", contentType, "{\"serverErrorRate\":1.0}");
        HttpResponse<String> reset = post("/reset-counts", contentType, "");

        // then
        for (HttpResponse<String> response : java.util.List.of(faults, reset)) {
            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(response.body()).contains("\"code\":\"unsupported_media_type\"",
                    "the admin endpoints accept only Content-Type: application/json, got '" + contentType + "'");
        }
        assertThat(http.send(HttpRequest.newBuilder(URI.create(admin + "/faults")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("\"serverErrorRate\":0");
        assertThat(emulator.counts().totalCalls()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/faults", "/reset-counts"})
    void aPostWithoutAContentTypeIsRefusedWith415(String path) throws Exception {
        // given
        HttpRequest request = HttpRequest.newBuilder(URI.create(admin + path))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        // when
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        // then
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("got none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON"})
    void aJsonPostIsAccepted(String contentType) throws Exception {
        // when
        HttpResponse<String> faults = post("/faults", contentType, "{\"serverErrorRate\":1.0}");
        HttpResponse<String> reset = post("/reset-counts", contentType, "");

        // then
        assertThat(faults.statusCode()).as(faults.body()).isEqualTo(200);
        assertThat(faults.body()).contains("\"serverErrorRate\":1");
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
    }

    @Test
    void theRequestLimitHeadersAreSwitchedOnlyByABoolean() throws Exception {
        // when
        HttpResponse<String> off = post("/faults", "application/json", "{\"rateLimitPerSecond\":25,\"rateLimitHeaders\":false}");
        HttpResponse<String> bad = post("/faults", "application/json", "{\"rateLimitHeaders\":\"no\"}");
        HttpResponse<String> absent = post("/faults", "application/json", "{\"rateLimitPerSecond\":25}");

        // then
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        assertThat(off.body()).contains("\"rateLimitHeaders\":false");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'rateLimitHeaders' must be true or false");
        assertThat(absent.body()).as("on unless switched off").contains("\"rateLimitHeaders\":true");
    }

    @Test
    void batchesAreHeldAndReleasedByABoolean() throws Exception {
        // when
        HttpResponse<String> held = post("/faults", "application/json", "{\"holdBatches\":true}");
        HttpResponse<String> bad = post("/faults", "application/json", "{\"holdBatches\":1}");
        HttpResponse<String> absent = post("/faults", "application/json", "{}");

        // then
        assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
        assertThat(held.body()).contains("\"holdBatches\":true");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'holdBatches' must be true or false");
        assertThat(absent.body()).as("off unless switched on").contains("\"holdBatches\":false");
    }

    private HttpResponse<String> post(String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(admin + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
