package io.batchlab.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private GroqEmulator emulator;
    private EmulatorTestClient client;

    @BeforeEach
    void start() throws Exception {
        emulator = GroqEmulator.start(EmulatorSettings.defaults()
                .withDurations(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(50)));
        client = new EmulatorTestClient(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void callsOverTheRateLimitGet429WithRetryAfterHeadersAndPassAfterWaiting() {
        // given
        emulator.setFaults(FaultSettings.none().withRateLimitPerSecond(1));

        // when
        List<EmulatorTestClient.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            replies.add(client.get("/models"));
        }

        // then
        EmulatorTestClient.Reply limited = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertThat(replies.stream().filter(r -> r.status() == 429)).hasSizeGreaterThanOrEqualTo(5);
        assertThat(emulator.counts().rateLimitedCalls()).isEqualTo(replies.stream().filter(r -> r.status() == 429)
                .count());
        assertThat(limited.errorCode()).isEqualTo("rate_limit_exceeded");
        assertThat(limited.raw().headers().firstValue("retry-after")).hasValue("1");
        long retryAfterMs = Long.parseLong(limited.raw().headers().firstValue("retry-after-ms").orElseThrow());
        assertThat(retryAfterMs).isBetween(1L, 1000L);
        await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(retryAfterMs))
                .until(() -> client.get("/models").status() == 200);
    }

    @Test
    void answersUnderTheRateLimitCarryGroqsRequestLimitHeaders() {
        // given: 4 calls a second, a full bucket
        emulator.setFaults(FaultSettings.none().withRateLimitPerSecond(4));

        // when
        List<EmulatorTestClient.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            replies.add(client.get("/models"));
        }

        // then: the limit, what is left (counting down as calls are made) and the time until the bucket is full
        EmulatorTestClient.Reply first = replies.get(0);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.raw().headers().firstValue("x-ratelimit-limit-requests")).hasValue("4");
        assertThat(first.raw().headers().firstValue("x-ratelimit-remaining-requests")).hasValue("3");
        assertThat(first.raw().headers().firstValue("x-ratelimit-reset-requests").orElseThrow())
                .matches("\\d+(\\.\\d+)?ms").satisfies(reset -> assertThat(Double.parseDouble(reset.replace("ms", "")))
                        .isBetween(0.0, 250.0));
        EmulatorTestClient.Reply refused = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertThat(refused.raw().headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(refused.raw().headers().firstValue("x-ratelimit-limit-requests")).hasValue("4");
        assertThat(refused.raw().headers().firstValue("retry-after-ms")).isPresent();
    }

    @Test
    void theRequestLimitHeadersCanBeSwitchedOffSoClientsLearnFrom429sAlone() {
        // given
        emulator.setFaults(FaultSettings.none().withRateLimitPerSecond(2).withRateLimitHeaders(false));

        // when
        List<EmulatorTestClient.Reply> replies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replies.add(client.get("/models"));
        }

        // then
        assertThat(replies).extracting(EmulatorTestClient.Reply::status).contains(200, 429);
        assertThat(replies).allSatisfy(reply -> assertThat(reply.raw().headers().map().keySet())
                .noneMatch(name -> name.toLowerCase().startsWith("x-ratelimit")));
    }

    @Test
    void withoutARateLimitNoRequestLimitHeadersAreSent() {
        assertThat(client.get("/models").raw().headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
    }

    @Test
    void serverErrorShareIsRoughlyHonouredOverManyCalls() {
        // given
        emulator.setFaults(FaultSettings.none().withServerErrorRate(0.3));

        // when
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            statuses.add(client.get("/files").status());
        }

        // then
        long errors = statuses.stream().filter(status -> status >= 500).count();
        assertThat(statuses).containsOnly(200, 500, 502, 503);
        assertThat(errors).isBetween(60L, 120L);
        assertThat(emulator.counts().calls("GET /files")).isEqualTo(300);
        assertThat(emulator.counts().rateLimitedCalls()).isZero();
    }

    @Test
    void resetConnectionIsSeenByTheClientAsAnIOException() {
        // given
        emulator.setFaults(FaultSettings.none().withConnectionResetRate(1.0));

        // when / then
        assertThatThrownBy(() -> client.http().send(client.request("/models").GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void resetConnectionSendsNoSingleByteToARawClient() throws Exception {
        // given
        emulator.setFaults(FaultSettings.none().withConnectionResetRate(1.0));

        // when
        int firstByte;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /openai/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer k\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                firstByte = in.read();
            } catch (SocketException reset) {
                firstByte = -1;
            }
        }

        // then
        assertThat(firstByte).as("end of stream without any response byte").isEqualTo(-1);
    }

    @Test
    void latencyDelaysEveryAnswer() {
        // given
        emulator.setFaults(FaultSettings.none().withLatency(Duration.ofMillis(300)));

        // when
        long start = System.nanoTime();
        int status = client.get("/models").status();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        // then
        assertThat(status).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
    }

    @Test
    void malformedOutputShareWritesBrokenJsonLines() {
        // given
        emulator.setFaults(FaultSettings.none().withMalformedOutputRate(0.5));
        String fileId = client.uploadId("in.jsonl", EmulatorTestClient.lines(60));
        String batchId = client.createBatchId(fileId, Map.of());

        // when
        await().atMost(Duration.ofSeconds(10)).until(() -> client.status(batchId).equals("completed"));
        List<String> lines = client.lines(client.batch(batchId).getString("output_file_id"));

        // then
        long broken = lines.stream().filter(FaultInjectionTest::isBrokenJson).count();
        assertThat(lines).hasSize(60);
        assertThat(broken).isBetween(15L, 45L);
    }

    private static boolean isBrokenJson(String line) {
        try {
            EmulatorTestClient.JSON.createReader(new StringReader(line)).readObject();
            return false;
        } catch (JsonException e) {
            return true;
        }
    }

    @Test
    void faultsCanBeSetOverHttpThroughTheAdminEndpoint() throws Exception {
        // given
        EmulatorTestClient admin = new EmulatorTestClient(
                java.net.URI.create("http://127.0.0.1:" + emulator.port() + "/admin"), null);

        // when
        EmulatorTestClient.Reply set = admin.postJson("/faults", "{\"serverErrorRate\":1.0,\"failUsers\":[\"u9\"]}");

        // then
        assertThat(set.status()).isEqualTo(200);
        assertThat(client.get("/models").status()).isBetween(500, 503);
        JsonObject echoed = admin.get("/faults").json();
        assertThat(echoed.getJsonNumber("serverErrorRate").doubleValue()).isEqualTo(1.0);
        assertThat(echoed.getJsonArray("failUsers").getString(0)).isEqualTo("u9");
        EmulatorTestClient.Reply typo = admin.postJson("/faults", "{\"serverErrorRatio\":1.0}");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().getJsonObject("error").getString("message")).contains("serverErrorRatio");
        EmulatorTestClient.Reply outOfRange = admin.postJson("/faults", "{\"expireRate\":2}");
        assertThat(outOfRange.status()).isEqualTo(400);
        admin.postJson("/faults", "{}");
        assertThat(client.get("/models").status()).isEqualTo(200);
    }
}
