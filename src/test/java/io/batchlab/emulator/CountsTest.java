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

    @Test
    void aRetryUploadCountsForItsRunAndUser() {
        assertThat(CallCounter.runUserOfFilename("batchlab_20240408_CT_DS70B_001_user_a.retry-12.jsonl"))
                .hasValue("20240408_CT_DS70B_001/user_a");
    }

    @Test
    void eachRequestOfACreatedBatchIsCountedUnderItsRunUserAndCustomId() {
        // given: a batch of r1..r3 twice for one user, once r1..r2 for another, and a batch without run metadata
        String run = "20240408_CT_DS70B_001";
        String three = client.uploadId("batchlab_" + run + "_a.jsonl", EmulatorTestClient.lines(3));
        String two = client.uploadId("batchlab_" + run + "_b.jsonl", EmulatorTestClient.lines(2));
        client.createBatchId(three, Map.of("run_id", run, "user_id", "a"));
        client.createBatchId(three, Map.of("run_id", run, "user_id", "a", "retry", "1"));
        client.createBatchId(two, Map.of("run_id", run, "user_id", "b"));
        client.createBatchId(two, Map.of("purpose", "no run"));

        // when
        EmulatorCounts counts = emulator.counts();

        // then
        assertThat(counts.requestsPerCustomId()).containsExactlyInAnyOrderEntriesOf(Map.of(
                run + "/a/r1", 2L, run + "/a/r2", 2L, run + "/a/r3", 2L, run + "/b/r1", 1L, run + "/b/r2", 1L));
        assertThat(counts.requestsReceived(run, "a", "r3")).isEqualTo(2);
        assertThat(counts.requestsReceived(run, "b", "r3")).isZero();
        assertThat(admin.get("/counts").json().getJsonObject("requestsPerCustomId").getInt(run + "/b/r2"))
                .isEqualTo(1);
    }
}
