package io.batchlab.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.emulator.GroqEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BatchClient over real HTTP against the in-process Groq emulator, Java SE REST client stack. */
class BatchClientEmulatorTest {

    private static final String MODEL = "llama-3.1-8b-instant";

    private static GroqEmulator emulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() throws IOException {
        emulator = GroqEmulator.start(EmulatorSettings.defaults());
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @AfterEach
    void clearFaults() {
        emulator.setFaults(FaultSettings.none());
    }

    private static ProviderSettings settings() {
        return ProviderSettings.defaults(emulator.baseUri(), Secret.of("gsk_emulator_key"))
                .withPacing(1000, 4)
                .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(20));
    }

    private Path batchFile(String name, String model, int lines) throws IOException {
        List<String> content = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            content.add("{\"custom_id\":\"" + name + "-" + i + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                    + "\"body\":{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi " + i + "\"}]}}");
        }
        return Files.write(dir.resolve(name + ".jsonl"), content);
    }

    @Test
    void runsTheWholeLifecycleThroughEveryEndpoint() throws IOException {
        try (BatchClient client = BatchClient.create(settings())) {
            // given
            Path jsonl = batchFile("lifecycle", MODEL, 3);
            String filename = BatchClient.uploadFilename("20240408_CT_L70B_001", "u-lifecycle");

            // when
            FileObject uploaded = client.upload(jsonl, filename);
            FileObject info = client.fileInfo(uploaded.id());
            List<FileObject> files = client.listFiles();
            Batch created = client.createBatch(uploaded.id(), "24h",
                    Map.of(BatchClient.METADATA_RUN_ID, "20240408_CT_L70B_001", BatchClient.METADATA_USER_ID, "u-lifecycle"));
            Batch done = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> client.retrieveBatch(created.id()), b -> b.status().terminal());
            Path output = dir.resolve("output.jsonl.tmp");
            client.download(done.outputFileId(), output);
            List<Batch> many = client.retrieveBatches(List.of(created.id()));
            List<Model> models = client.listModels();

            // then
            assertThat(uploaded.filename()).isEqualTo(filename);
            assertThat(uploaded.bytes()).as("the multipart carried the whole file").isEqualTo(Files.size(jsonl));
            assertThat(uploaded.purpose()).isEqualTo("batch");
            assertThat(info.id()).isEqualTo(uploaded.id());
            assertThat(files).extracting(FileObject::id).contains(uploaded.id());
            assertThat(created.inputFileId()).isEqualTo(uploaded.id());
            assertThat(created.metadata()).containsEntry("user_id", "u-lifecycle");
            assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(done.counts()).isEqualTo(new RequestCounts(3, 3, 0));
            assertThat(Files.readAllLines(output)).hasSize(3)
                    .allSatisfy(line -> assertThat(line).contains("\"custom_id\":\"lifecycle-"));
            assertThat(many).extracting(Batch::id).containsExactly(created.id());
            assertThat(models).extracting(Model::id).contains("llama-3.3-70b-versatile", MODEL);
            assertThat(client.deleteFile(uploaded.id())).isTrue();
            assertThatThrownBy(() -> client.fileInfo(uploaded.id()))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(404));
            assertThatThrownBy(() -> client.download(uploaded.id(), dir.resolve("gone.tmp")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void cancelsABatchInFlight() throws IOException {
        try (BatchClient client = BatchClient.create(settings())) {
            // given
            FileObject file = client.upload(batchFile("cancel", MODEL, 2), "cancel.jsonl");
            Batch batch = client.createBatch(file.id(), "24h", Map.of());

            // when
            Batch cancelling = client.cancel(batch.id());

            // then
            assertThat(cancelling.status()).isIn(BatchStatus.CANCELLING, BatchStatus.CANCELLED);
            Batch end = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> client.retrieveBatch(batch.id()), b -> b.status().terminal());
            assertThat(end.status()).isEqualTo(BatchStatus.CANCELLED);
        }
    }

    @Test
    void listBatchesReadsEveryPageAndRetrieveBatchesChunksByTwoHundred() throws IOException {
        try (BatchClient client = BatchClient.create(settings())) {
            // given: more batches than one default page (20)
            FileObject file = client.upload(batchFile("paging", MODEL, 1), "paging.jsonl");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                ids.add(client.createBatch(file.id(), "24h", Map.of("n", String.valueOf(i))).id());
            }
            List<String> asked = new ArrayList<>(IntStream.range(0, 230).mapToObj(i -> "batch_unknown_" + i).toList());
            asked.addAll(ids);
            long multiGetsBefore = emulator.counts().calls("GET /batches");

            // when
            List<Batch> listed = client.listBatches();
            long afterListing = emulator.counts().calls("GET /batches");
            List<Batch> retrieved = client.retrieveBatches(asked);

            // then
            assertThat(listed).extracting(Batch::id).containsAll(ids);
            assertThat(afterListing - multiGetsBefore).as("pages fetched").isGreaterThanOrEqualTo(2);
            assertThat(emulator.counts().calls("GET /batches") - afterListing).as("255 ids in chunks of 200").isEqualTo(2);
            assertThat(retrieved).extracting(Batch::id).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void findsTheUploadAndTheBatchAfterACrashForgotThem() throws IOException {
        // given: upload and create, then the process "crashes" before writing upload.json
        String runId = "20240408_CT_L70B_002";
        try (BatchClient crashed = BatchClient.create(settings())) {
            FileObject file = crashed.upload(batchFile("crash", MODEL, 1), BatchClient.uploadFilename(runId, "u-both"));
            crashed.createBatch(file.id(), "24h", Map.of("run_id", runId, "user_id", "u-both"));
            crashed.upload(batchFile("crash2", MODEL, 1), BatchClient.uploadFilename(runId, "u-file-only"));
        }

        // when: a fresh client looks the users up
        Optional<Submission> both;
        Optional<Submission> fileOnly;
        Optional<Submission> nothing;
        try (BatchClient restarted = BatchClient.create(settings())) {
            both = restarted.findSubmission(runId, "u-both");
            fileOnly = restarted.findSubmission(runId, "u-file-only");
            nothing = restarted.findSubmission(runId, "u-never-seen");
        }

        // then
        assertThat(both).hasValueSatisfying(s -> {
            assertThat(s.file().filename()).isEqualTo("batchlab_20240408_CT_L70B_002_u-both.jsonl");
            assertThat(s.batch().inputFileId()).isEqualTo(s.file().id());
        });
        assertThat(fileOnly).hasValueSatisfying(s -> {
            assertThat(s.file().filename()).isEqualTo("batchlab_20240408_CT_L70B_002_u-file-only.jsonl");
            assertThat(s.batch()).isNull();
        });
        assertThat(nothing).isEmpty();
    }

    @Test
    void picksTheNewestOfDuplicateBatchesAndWarns() throws IOException {
        try (BatchClient client = BatchClient.create(settings()); LogCapture logs = new LogCapture()) {
            // given
            String runId = "20240408_CT_L70B_003";
            FileObject file = client.upload(batchFile("dup", MODEL, 1), BatchClient.uploadFilename(runId, "u-dup"));
            client.createBatch(file.id(), "24h", Map.of("run_id", runId, "user_id", "u-dup"));
            Batch newer = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(
                    () -> client.createBatch(file.id(), "24h", Map.of("run_id", runId, "user_id", "u-dup")),
                    b -> b.createdAt() != null);

            // when
            Optional<Submission> found = client.findSubmission(runId, "u-dup");

            // then
            assertThat(found.orElseThrow().batch().id()).isEqualTo(newer.id());
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("WARNING").contains("u-dup has 2 batches"));
        }
    }

    @Test
    void aDecommissionedModelDoomsTheRunAndAnUnknownBatchDoesNot() throws IOException {
        try (BatchClient client = BatchClient.create(settings())) {
            // given
            FileObject file = client.upload(batchFile("retired", "deepseek-r1-distill-llama-70b", 1), "retired.jsonl");

            // when / then
            assertThatThrownBy(() -> client.createBatch(file.id(), "24h", Map.of()))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.code()).contains("model_decommissioned");
                        assertThat(e.dooms()).isTrue();
                    });
            assertThatThrownBy(() -> client.retrieveBatch("batch_does_not_exist"))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.dooms()).isFalse();
                    });
        }
    }

    @Test
    void rideOutTheEmulatorsRateLimitByHonouringItsRetryAfter() {
        // given
        // (no x-ratelimit headers: with them the client would slow down before any 429, and this test is about 429s)
        emulator.setFaults(FaultSettings.none().withRateLimitPerSecond(2).withRateLimitHeaders(false));
        ProviderSettings patient = settings().withRetries(6, Duration.ofMillis(5), Duration.ofMillis(20));

        // when
        long before = emulator.counts().calls("GET /models");
        long start = System.nanoTime();
        try (BatchClient client = BatchClient.create(patient)) {
            for (int i = 0; i < 6; i++) {
                assertThat(client.listModels()).isNotEmpty();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then
        assertThat(emulator.counts().calls("GET /models") - before).as("some calls were answered 429 and repeated")
                .isGreaterThan(6);
        assertThat(elapsed).as("6 calls at 2/s").isGreaterThanOrEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void neverHasMoreCallsInFlightThanMaxConcurrency() throws Exception {
        // given: every answer takes 300 ms and the client may have 2 calls open
        emulator.setFaults(FaultSettings.none().withLatency(Duration.ofMillis(300)));
        ExecutorService callers = Executors.newFixedThreadPool(6);

        // when: 6 callers at once
        long start = System.nanoTime();
        try (BatchClient client = BatchClient.create(settings().withPacing(1000, 2))) {
            List<Future<List<Model>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(callers.submit(client::listModels));
            }
            for (Future<List<Model>> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isNotEmpty();
            }
        } finally {
            callers.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // then: 3 waves of 2, not 1 wave of 6
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void serverErrorsAreRetriedAFewTimesThenRaised() {
        // given
        emulator.setFaults(FaultSettings.none().withServerErrorRate(1.0));
        long before = emulator.counts().totalCalls();

        // when / then
        try (BatchClient client = BatchClient.create(settings())) {
            assertThatThrownBy(client::listFiles)
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.status()).isIn(500, 502, 503));
        }
        assertThat(emulator.counts().totalCalls() - before).isEqualTo(3);
    }

    @Test
    void droppedConnectionsBecomeProviderIoExceptionsAfterRetries() {
        // given
        emulator.setFaults(FaultSettings.none().withConnectionResetRate(1.0));
        long before = emulator.counts().totalCalls();

        // when / then
        try (BatchClient client = BatchClient.create(settings())) {
            assertThatThrownBy(client::listModels).isInstanceOf(ProviderIoException.class);
        }
        assertThat(emulator.counts().totalCalls() - before).isEqualTo(3);
    }
}
