package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.batchlab.provider.CannedProviderServer.Canned;
import java.io.IOException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error status, answered over real HTTP with Groq's error body, becomes one ProviderException that tells it. */
class ProviderExceptionMapperTest {

    private CannedProviderServer server;
    private GroqBatchApi api;

    @BeforeEach
    void start() throws IOException {
        server = new CannedProviderServer();
        api = BatchClient.restClient(ProviderSettings.defaults(server.baseUri(), Secret.of("gsk_mapper_test")));
    }

    @AfterEach
    void stop() throws Exception {
        ((AutoCloseable) api).close();
        server.close();
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of(400, "invalid_request", false, false),
                Arguments.of(401, "invalid_api_key", true, false),
                Arguments.of(403, "not_available_for_plan", true, false),
                Arguments.of(404, "not_found", false, false),
                Arguments.of(408, "timeout", false, true),
                Arguments.of(409, "conflict", false, true),
                Arguments.of(413, "request_too_large", false, false),
                Arguments.of(422, "unprocessable", false, false),
                Arguments.of(429, "rate_limit_exceeded", false, true),
                Arguments.of(498, "capacity_exceeded", false, true),
                Arguments.of(499, "request_cancelled", false, false),
                Arguments.of(500, "internal_server_error", false, true),
                Arguments.of(503, "service_unavailable", false, true));
    }

    @ParameterizedTest(name = "{0} {1}: dooms {2}, retryable {3}")
    @MethodSource("statuses")
    void mapsEachStatusToAProviderExceptionWithItsStatusCodeTypeAndRequestId(int status, String code,
            boolean dooms, boolean retryable) {
        // given
        server.thenAnswer(Canned.json(status, "{\"error\":{\"message\":\"status " + status + " happened\","
                + "\"type\":\"invalid_request_error\",\"code\":\"" + code + "\"}}")
                .withHeader("x-request-id", "req_01abc" + status));

        // when
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> api.retrieveBatch("batch_1"));

        // then
        assertThat(e).isExactlyInstanceOf(ProviderException.class);
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.code()).contains(code);
        assertThat(e.type()).contains("invalid_request_error");
        assertThat(e.requestId()).contains("req_01abc" + status);
        assertThat(e.getMessage()).isEqualTo("HTTP " + status + " " + code + ": status " + status
                + " happened (request id req_01abc" + status + ")");
        assertThat(e.dooms()).isEqualTo(dooms);
        assertThat(e.retryable()).isEqualTo(retryable);
    }

    @Test
    void aDecommissionedModelDoomsTheRun() {
        // given
        server.thenAnswer(Canned.json(400, RecordedBodies.text("error-model-decommissioned.json")));

        // when
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> api.listModels());

        // then
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).contains("model_decommissioned");
        assertThat(e.getMessage()).contains("has been decommissioned");
        assertThat(e.dooms()).isTrue();
    }

    @Test
    void anUnknownModelDoomsTheRunButAnUnknownBatchDoesNot() {
        // given
        server.thenAnswer(Canned.json(404, RecordedBodies.text("error-model-not-found.json")))
                .thenAnswer(Canned.json(404, "{\"error\":{\"message\":\"batch not found\",\"type\":\"invalid_request_error\"}}"));

        // when
        ProviderException model = catchThrowableOfType(ProviderException.class, () -> api.listModels());
        ProviderException batch = catchThrowableOfType(ProviderException.class, () -> api.retrieveBatch("batch_x"));

        // then
        assertThat(model.dooms()).isTrue();
        assertThat(batch.status()).isEqualTo(404);
        assertThat(batch.dooms()).isFalse();
        assertThat(batch.code()).isEmpty();
    }

    @Test
    void carriesRetryAfterAndFallsBackToTheBodyTextWhenItIsNotGroqJson() {
        // given
        server.thenAnswer(new Canned(503, java.util.Map.of("Content-Type", "text/html", "retry-after", "3"),
                "<html><body>upstream overloaded</body></html>", -1));

        // when
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> api.listFiles());

        // then
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.getMessage()).startsWith("HTTP 503: ").contains("upstream overloaded");
        assertThat(e.requestId()).isEmpty();
    }
}
