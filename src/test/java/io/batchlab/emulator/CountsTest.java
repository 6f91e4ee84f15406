package io.batchlab.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CountsTest {

    private GroqEmulator emulator;
    private EmulatorTestClient client;
    private EmulatorTestClient admin;

    @BeforeEach
    void start() throws Exception {
        emulator = GroqEmulator.start(EmulatorSettings.defaults());
        client = new EmulatorTestClient(emulator);
        admin = new EmulatorTestClient(URI.create("http://127.0.0.1:" + emulator.port() + "/admin"), null);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void callsAreCountedPerEndpointAndUploadsAndBatchesPerRunAndUser() {
        // given
        String run = "20240408_CT_DS70B_001";
        String first = client.uploadId("batchlab_" + run + "_user_a.jsonl", EmulatorTestClient.lines(1));
        client.uploadId("batchlab_" + run + "_user_a.jsonl", EmulatorTestClient.lines(1));
        client.uploadId("batchlab_" + run + "_u2.jsonl", EmulatorTestClient.lines(1));
        client.uploadId("notes.jsonl", EmulatorTestClient.lines(1));
        String batch = client.createBatchId(first, Map.of("run_id", run, "user_id", "user_a"));
        client.createBatchId(first, Map.of("run_id", run, "user_id", "user_a"));
        client.createBatchId(first, Map.of("purpose", "no run"));
        client.get("/batches/" + batch);
        client.get("/batches/" + batch);
        client.get("/no/such/route");

        // when
        EmulatorCounts counts = emulator.counts();

        // then
        assertThat(counts.perEndpoint()).containsEntry("POST /files", 4L).containsEntry("POST /batches", 3L)
                .containsEntry("GET /batches/{id}", 2L).containsEntry("GET (unknown route)", 1L);
        assertThat(counts.uploadsPerRunUser()).containsExactlyInAnyOrderEntriesOf(
                Map.of(run + "/user_a", 2L, run + "/u2", 1L));
        assertThat(counts.batchesPerRunUser()).containsExactlyInAnyOrderEntriesOf(Map.of(run + "/user_a", 2L));
        assertThat(counts.totalCalls()).isEqualTo(10);
        JsonObject overHttp = admin.get("/counts").json();
        assertThat(overHttp.getJsonObject("perEndpoint").getInt("POST /files")).isEqualTo(4);
        assertThat(overHttp.getJsonObject("uploadsPerRunUser").getInt(run + "/user_a")).isEqualTo(2);
        assertThat(overHttp.getJsonNumber("totalCalls").longValue()).as("admin calls are not counted").isEqualTo(10);
    }

    @Test
    void resetCountsStartsFromZero() {
        // given
        client.get("/models");

        // when
        EmulatorTestClient.Reply reset = admin.postJson("/reset-counts", "");

        // then
        assertThat(reset.status()).isEqualTo(200);
        assertThat(emulator.counts().totalCalls()).isZero();
        assertThat(emulator.counts().perEndpoint()).isEmpty();
    }

    @Test
    void runAndUserAreReadFromTheUploadNameWhereTheUserIdMayHoldUnderscores() {
        assertThat(CallCounter.runUserOfFilename("batchlab_20240408_CT_DS70B_001_user_with_parts.jsonl"))
                .hasValue("20240408_CT_DS70B_001/user_with_parts");
        assertThat(CallCounter.runUserOfFilename("batchlab_20240408_CT_DS70B_001.jsonl")).isEmpty();
        assertThat(CallCounter.runUserOfFilename("batchlab_2024_CT_DS70B_001_u.jsonl")).isEmpty();
        assertThat(CallCounter.runUserOfFilename("batch_20240408_CT_DS70B_001_u.jsonl")).isEmpty();
    }
}
