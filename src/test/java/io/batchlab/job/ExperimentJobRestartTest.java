package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.FileObject;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.provider.Secret;
import io.batchlab.request.RequestBuildException;
import io.batchlab.request.UserRequestBuilder;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.UserId;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The experiment job fails, crashes or stops part-way, and a restart submits nobody twice. */
@ExtendWith(ProviderProperties.class)
class ExperimentJobRestartTest {

    @Test
    void serverErrorsMidSubmitFailTheJobAndTheRestartSubmitsEveryUserExactlyOnce(@TempDir Path dir)
            throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a little latency, so the submission of 50 users takes long enough to be cut in the middle
            List<String> users = fixture.writePosts(50);
            RunId run = fixture.createRun();
            fixture.emulator.setFaults(FaultSettings.none().withLatency(Duration.ofMillis(15)));
            long first = JobRuntime.start(fixture.parameters(run));

            // when: the provider fails every call once about 20 batches exist
            await().atMost(JobRuntime.DEADLINE).pollInterval(Duration.ofMillis(5))
                    .until(() -> fixture.emulator.counts().batchesPerRunUser().size() >= 20);
            fixture.emulator.setFaults(FaultSettings.none().withServerErrorRate(1.0));
            JobExecution failed = JobRuntime.awaitEnd(first);

            // then: the job failed after its bounded retries, part-way
            assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(fixture.emulator.counts().batchesPerRunUser().size()).isBetween(20, 49);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            RunStatus failure = tree.status(run);
            assertThat(failure.state()).isEqualTo(State.FAILED);
            assertThat(failure.lastError()).startsWith("prepare-and-submit: HTTP 50")
                    .contains("Injected server error");
            // collecting, running beside it, ended with it rather than wait for the batches already made: stopped by
            // the end of submitting, or failed on its own when its polls ran out of retries first (every call fails)
            assertThat(JobRuntime.step(first, "collect-results").getExitStatus()).isIn("STOPPED", "FAILED");

            // when: the provider recovers and the job is restarted
            fixture.emulator.setFaults(FaultSettings.none());
            JobExecution restarted = JobRuntime.awaitEnd(JobRuntime.restart(first, fixture.parameters(run)));

            // then
            assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            RunAssertions.assertEverySubmittedOnce(fixture.emulator.counts(), run, users);
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    @Test
    void userUploadedAndBatchedButNotYetRecordedIsNotSubmittedAgain(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a finished run where three users lost upload.json and results.json, as if the process had
            // crashed right after creating their batches; their batch.jsonl stays
            List<String> users = fixture.writePosts(12);
            RunId run = fixture.createRun();
            assertThat(JobRuntime.runToEnd(fixture.parameters(run)).getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            List<String> crashed = List.of(users.get(0), users.get(5), users.get(11));
            Map<String, String> batchIds = new HashMap<>();
            for (String user : crashed) {
                JsonObject upload = tree.upload(run, user);
                batchIds.put(user, upload.getJsonObject("batch").getString("id"));
                Files.delete(fixture.store.uploadFile(new UserId(user), run));
                Files.delete(fixture.store.resultsFile(new UserId(user), run));
            }

            // when: the run is continued in a new job execution
            JobExecution continued = JobRuntime.runToEnd(fixture.parameters(run));

            // then: the provider's batches were found again, nobody was uploaded or batched twice
            assertThat(continued.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            RunAssertions.assertEverySubmittedOnce(fixture.emulator.counts(), run, users);
            for (String user : crashed) {
                assertThat(tree.upload(run, user).getJsonObject("batch").getString("id")).isEqualTo(batchIds.get(user));
            }
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    @Test
    void userUploadedWithoutABatchGetsOnlyTheBatch(@TempDir Path dir) throws IOException, RequestBuildException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a run where one user's batch.jsonl was written and uploaded, and then the process crashed
            List<String> users = fixture.writePosts(12);
            RunId run = fixture.createRun();
            String user = users.get(4);
            Path batchFile = fixture.store.batchFile(new UserId(user), run);
            fixture.store.userRunDir(new UserId(user), run);
            Files.writeString(batchFile, batchLines(fixture, run, user), StandardCharsets.UTF_8);
            FileObject uploaded;
            try (BatchClient client = client(fixture)) {
                uploaded = client.upload(batchFile, BatchClient.uploadFilename(run.toString(), user));
            }

            // when
            JobExecution execution = JobRuntime.runToEnd(fixture.parameters(run));

            // then: that user's file was used for the batch, not uploaded again
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            RunAssertions.assertEverySubmittedOnce(fixture.emulator.counts(), run, users);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            JsonObject upload = tree.upload(run, user);
            assertThat(upload.getJsonObject("upload").getString("id")).isEqualTo(uploaded.id());
            assertThat(upload.getJsonObject("batch").getString("input_file_id")).isEqualTo(uploaded.id());
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    @Test
    void stopDuringSubmitThenRestartSubmitsEveryUserExactlyOnce(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a submission in small chunks (a stop takes effect between chunks), slowed down enough to be
            // stopped part-way
            List<String> users = fixture.writePosts(24);
            RunId run = fixture.createRun();
            fixture.emulator.setFaults(FaultSettings.none().withLatency(Duration.ofMillis(15)));
            Properties smallChunks = fixture.parameters(run);
            smallChunks.setProperty("chunkSize", "2");
            long first = JobRuntime.start(smallChunks);
            await().atMost(JobRuntime.DEADLINE).pollInterval(Duration.ofMillis(5))
                    .until(() -> fixture.emulator.counts().batchesPerRunUser().size() >= 6);

            // when
            JobRuntime.operator().stop(first);
            JobExecution stopped = JobRuntime.awaitEnd(first);

            // then
            assertThat(stopped.getBatchStatus()).isEqualTo(BatchStatus.STOPPED);
            assertThat(fixture.emulator.counts().batchesPerRunUser().size()).isLessThan(users.size());
            ExperimentTree tree = new ExperimentTree(fixture.store);
            assertThat(tree.status(run).state()).isEqualTo(State.STOPPED);

            // when
            fixture.emulator.setFaults(FaultSettings.none());
            JobExecution restarted = JobRuntime.awaitEnd(JobRuntime.restart(first, fixture.parameters(run)));

            // then
            assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            RunAssertions.assertEverySubmittedOnce(fixture.emulator.counts(), run, users);
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    @Test
    void stopDuringCollectThenRestartCompletesWithoutSubmittingAnyoneAgain(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir, ExperimentFixture.QUICK
                .withDurations(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(100)))) {
            // given: batches that take seconds, so the job waits in collect-results
            List<String> users = fixture.writePosts(12);
            RunId run = fixture.createRun();
            long first = JobRuntime.start(fixture.parameters(run));
            // collect-results polls the batches with GET /batches?id=…; nothing else in a fresh run lists batches
            await().atMost(JobRuntime.DEADLINE).pollInterval(Duration.ofMillis(20))
                    .until(() -> JobRuntime.operator().getStepExecutions(first).stream().anyMatch(step ->
                            step.getStepName().equals("prepare-and-submit")
                                    && step.getBatchStatus() == BatchStatus.COMPLETED)
                            && fixture.emulator.counts().calls("GET /batches") >= 1);
            assertThat(JobRuntime.step(first, "collect-results").getBatchStatus()).isEqualTo(BatchStatus.STARTED);

            // when
            JobRuntime.operator().stop(first);
            JobExecution stopped = JobRuntime.awaitEnd(first);

            // then: stopped while waiting, before any result arrived
            assertThat(stopped.getBatchStatus()).isEqualTo(BatchStatus.STOPPED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            assertThat(tree.status(run).state()).isEqualTo(State.STOPPED);
            assertThat(tree.files()).noneMatch(path -> path.endsWith("/results.json"));
            RunAssertions.assertEverySubmittedOnce(fixture.emulator.counts(), run, users);

            // when
            JobExecution restarted = JobRuntime.awaitEnd(JobRuntime.restart(first, fixture.parameters(run)));

            // then
            assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            RunAssertions.assertEverySubmittedOnce(fixture.emulator.counts(), run, users);
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    @Test
    void collectDeadlineStopsTheJobRestartablyAndTheRestartCollectsTheRest(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir, ExperimentFixture.QUICK
                .withDurations(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(100)))) {
            // given: a collect deadline far shorter than the batches take
            List<String> users = fixture.writePosts(6);
            RunId run = fixture.createRun();
            Properties impatient = fixture.parameters(run);
            impatient.setProperty("collectDeadline", "300ms");

            // when
            JobExecution first = JobRuntime.runToEnd(impatient);

            // then: stopped, not failed, with the reason where users look
            assertThat(first.getBatchStatus()).isEqualTo(BatchStatus.STOPPED);
            assertThat(JobRuntime.step(first.getExecutionId(), "collect-results").getExitStatus())
                    .isEqualTo("DEADLINE");
            ExperimentTree tree = new ExperimentTree(fixture.store);
            RunStatus stopped = tree.status(run);
            assertThat(stopped.state()).isEqualTo(State.STOPPED);
            assertThat(stopped.lastError()).matches("collect-results: collect deadline of PT0.3S reached with [1-6] "
                    + "batches unfinished; restart the run to keep collecting");

            // when: restarted with the config's own deadline (blank, since JBeret keeps unmentioned old parameters)
            Properties patient = fixture.parameters(run);
            patient.setProperty("collectDeadline", "");
            JobExecution restarted = JobRuntime.awaitEnd(JobRuntime.restart(first.getExecutionId(), patient));

            // then: collect-results ran again and collected the rest
            assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(JobRuntime.step(restarted.getExecutionId(), "collect-results").getExitStatus())
                    .isEqualTo("COLLECTED");
            RunAssertions.assertEverySubmittedOnce(fixture.emulator.counts(), run, users);
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    /** The user's batch.jsonl as the job builds it. */
    private static String batchLines(ExperimentFixture fixture, RunId run, String user)
            throws RequestBuildException {
        UserRequestBuilder builder = new UserRequestBuilder(ExperimentConfigLoader.load(fixture.store.configFile(run)));
        List<JsonObject> posts = IntStream.rangeClosed(1, PostsInput.postsOf(user))
                .mapToObj(n -> PostsInput.post(user, n)).toList();
        return builder.build(new UserId(user), posts).stream()
                .map(line -> line.toJsonLine() + "\n")
                .collect(Collectors.joining());
    }

    private static BatchClient client(ExperimentFixture fixture) {
        return BatchClient.create(ProviderSettings.defaults(fixture.emulator.baseUri(), Secret.of("test-key")));
    }
}
