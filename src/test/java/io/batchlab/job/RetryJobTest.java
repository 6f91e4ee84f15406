package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.control.RetryStart;
import io.batchlab.control.RunJobs;
import io.batchlab.control.RunStateException;
import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.provider.Batch;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.FileObject;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.provider.Secret;
import io.batchlab.store.RetryFiles;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.UserId;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The retry job asks the provider again only what a run's users are missing, and merges the answers. */
@ExtendWith(ProviderProperties.class)
class RetryJobTest {

    /** Three posts: its batch expires half-way, one request answered, two expired. */
    private static final String EXPIRING = "31499502";
    /** Two posts: its batch fails, nothing answered. */
    private static final String FAILING = "31499507";

    @Test
    void retryAsksOnlyTheMissingRequestsAndMergesTheirAnswers(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a finished run with one expired (partial) and one failed user
            List<String> users = fixture.writePosts(12);
            RunId run = partialRun(fixture);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            Map<String, List<String>> unansweredBefore = unanswered(tree, run, users);
            assertThat(unansweredBefore.get(EXPIRING)).hasSize(2);
            assertThat(unansweredBefore.get(FAILING)).hasSize(2);
            JsonObject expiringBefore = tree.results(run, EXPIRING);
            JsonObject uploadBefore = tree.upload(run, EXPIRING);
            fixture.emulator.setFaults(FaultSettings.none());

            // when
            RetryStart retry = jobs(fixture).retry(run, Optional.empty(), new Properties());
            JobExecution execution = JobRuntime.awaitEnd(retry.execution().orElseThrow());

            // then: only the four unanswered requests were asked again, each once more
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(retry.plan().users()).isEqualTo(2);
            assertThat(retry.plan().requests()).isEqualTo(4);
            assertAskedOnceMoreExactly(fixture.emulator.counts(), tree, run, users, unansweredBefore);

            // results.json: the earlier answer unchanged, the expired ones answered, everything recomputed
            JsonObject expiring = tree.results(run, EXPIRING);
            assertThat(expiring.getString("status")).isEqualTo("complete");
            assertThat(expiring.getJsonObject("summary")).isEqualTo(Json.createObjectBuilder()
                    .add("requests", 3).add("succeeded", 3).add("failed", 0).add("missing", 0).build());
            assertThat(ExperimentTree.strings(expiring, "unanswered")).isEmpty();
            assertThat(expiring.getJsonObject("batch")).isEqualTo(expiringBefore.getJsonObject("batch"));
            List<JsonObject> before = requests(expiringBefore);
            List<JsonObject> after = requests(expiring);
            assertThat(ExperimentTree.requestCustomIds(expiring))
                    .containsExactlyElementsOf(ExperimentTree.requestCustomIds(expiringBefore));
            for (int i = 0; i < before.size(); i++) {
                if (unansweredBefore.get(EXPIRING).contains(before.get(i).getString("custom_id"))) {
                    assertThat(after.get(i).getInt("status_code")).isEqualTo(200);
                    assertThat(after.get(i).getString("answer")).isNotBlank();
                    assertThat(after.get(i).isNull("error")).isTrue();
                } else {
                    assertThat(after.get(i)).isEqualTo(before.get(i));
                }
            }
            JsonObject attempt = expiring.getJsonArray("retries").getJsonObject(0);
            assertThat(attempt.getInt("attempt")).isEqualTo(1);
            assertThat(attempt.getInt("requests")).isEqualTo(2);
            assertThat(attempt.getInt("answered")).isEqualTo(2);
            assertThat(attempt.getJsonObject("batch").getString("status")).isEqualTo("completed");
            assertThat(tree.results(run, FAILING).getString("status")).isEqualTo("complete");

            // upload.json: the first submission as it was, the attempt's upload and batch beside it
            JsonObject upload = tree.upload(run, EXPIRING);
            assertThat(upload.getJsonObject("upload")).isEqualTo(uploadBefore.getJsonObject("upload"));
            assertThat(upload.getJsonObject("batch")).isEqualTo(uploadBefore.getJsonObject("batch"));
            JsonObject recorded = upload.getJsonArray("retries").getJsonObject(0);
            assertThat(recorded.getInt("attempt")).isEqualTo(1);
            assertThat(ExperimentTree.strings(recorded, "custom_ids"))
                    .containsExactlyElementsOf(unansweredBefore.get(EXPIRING));
            assertThat(recorded.getJsonObject("upload").getString("filename"))
                    .isEqualTo("batchlab_" + run + "_" + EXPIRING + ".retry-1.jsonl");
            assertThat(recorded.getJsonObject("batch").getJsonObject("metadata").getString("retry")).isEqualTo("1");

            // the user's directory keeps the seed's names; status.json counts everyone complete
            try (Stream<Path> files = Files.list(fixture.store.userRunDir(new UserId(EXPIRING), run))) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrder("batch.jsonl", "upload.json", "results.json");
            }
            RunStatus status = tree.status(run);
            assertThat(status.state()).isEqualTo(State.COMPLETED);
            assertThat(status.jobExecutionId()).isEqualTo(execution.getExecutionId());
            assertThat(status.counts()).isEqualTo(new RunStatus.Counts(12, 12, 12, 12, 0, 0));
            assertThat(status.problems()).filteredOn(problem -> problem.step().equals("retry"))
                    .extracting(RunStatus.Problem::userId).containsExactlyInAnyOrder(EXPIRING, FAILING);
            assertThat(status.problems()).filteredOn(problem -> problem.userId().equals(EXPIRING)
                    && problem.step().equals("retry")).singleElement()
                    .satisfies(problem -> assertThat(problem.reason()).startsWith("retry 1 (batch ")
                            .contains("asked 2 requests again; results complete"));

            // when: asked again with nothing missing
            EmulatorCounts countsAfter = fixture.emulator.counts();
            RetryStart nothing = jobs(fixture).retry(run, Optional.empty(), new Properties());

            // then: nothing starts, nothing is sent
            assertThat(nothing.execution()).isEmpty();
            assertThat(nothing.plan().nothingMissing()).isTrue();
            assertThat(fixture.emulator.counts().requestsPerCustomId())
                    .isEqualTo(countsAfter.requestsPerCustomId());
        }
    }

    @Test
    void retryLimitedToAUsersFileAsksOnlyThoseUsersAndRefusesUsersOfOtherRuns(@TempDir Path dir)
            throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given
            List<String> users = fixture.writePosts(12);
            RunId run = partialRun(fixture);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            Map<String, List<String>> unansweredBefore = unanswered(tree, run, users);
            fixture.emulator.setFaults(FaultSettings.none());
            Path stranger = Files.writeString(dir.resolve("stranger.txt"), EXPIRING + "\n77777777\n");
            Path only = Files.writeString(dir.resolve("only.json"), "{\"users\": [\"" + EXPIRING + "\"]}");

            // when / then: a user who is not in the run is named with the file
            assertThatThrownBy(() -> jobs(fixture).retry(run, Optional.of(stranger), new Properties()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(stranger.toString())
                    .hasMessageContaining("77777777");

            // when
            RetryStart retry = jobs(fixture).retry(run, Optional.of(only), new Properties());
            JobExecution execution = JobRuntime.awaitEnd(retry.execution().orElseThrow());

            // then: the failed user was left alone
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            Map<String, List<String>> asked = new HashMap<>(unansweredBefore);
            asked.put(FAILING, List.of());
            assertAskedOnceMoreExactly(fixture.emulator.counts(), tree, run, users, asked);
            assertThat(tree.results(run, EXPIRING).getString("status")).isEqualTo("complete");
            assertThat(tree.results(run, FAILING).getString("status")).isEqualTo("failed");
            assertThat(tree.status(run).counts()).isEqualTo(new RunStatus.Counts(12, 12, 12, 11, 1, 0));
        }
    }

    @Test
    void attemptTheProviderHoldsButUploadJsonDoesNotIsFoundNotAskedTwice(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: as if a retry had written its intent, uploaded and created the batch, then the process died
            // before upload.json recorded it
            List<String> users = fixture.writePosts(12);
            RunId run = partialRun(fixture);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            Map<String, List<String>> unansweredBefore = unanswered(tree, run, users);
            fixture.emulator.setFaults(FaultSettings.none());
            UserId expiring = new UserId(EXPIRING);
            Path intent = RetryFiles.input(fixture.store, run, expiring, 1);
            Files.createDirectories(intent.getParent());
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(fixture.store.batchFile(expiring, run), StandardCharsets.UTF_8)) {
                if (unansweredBefore.get(EXPIRING).stream().anyMatch(id -> line.contains("\"" + id + "\""))) {
                    lines.add(line);
                }
            }
            Files.write(intent, lines, StandardCharsets.UTF_8);
            Batch earlier;
            try (BatchClient client = BatchClient.create(
                    ProviderSettings.defaults(fixture.emulator.baseUri(), Secret.of("test-key")))) {
                FileObject file = client.upload(intent, BatchClient.retryUploadFilename(run.toString(), EXPIRING, 1));
                earlier = client.createBatch(file.id(), "24h", Map.of(BatchClient.METADATA_RUN_ID, run.toString(),
                        BatchClient.METADATA_USER_ID, EXPIRING, BatchClient.METADATA_RETRY, "1"));
            }

            // when
            RetryStart retry = jobs(fixture).retry(run, Optional.empty(), new Properties());
            JobExecution execution = JobRuntime.awaitEnd(retry.execution().orElseThrow());

            // then: the provider's batch was taken up, not a second one made
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertAskedOnceMoreExactly(fixture.emulator.counts(), tree, run, users, unansweredBefore);
            assertThat(fixture.emulator.counts().uploadsPerRunUser().get(run + "/" + EXPIRING)).isEqualTo(2);
            assertThat(fixture.emulator.counts().batchesPerRunUser().get(run + "/" + EXPIRING)).isEqualTo(2);
            assertThat(tree.upload(run, EXPIRING).getJsonArray("retries").getJsonObject(0).getJsonObject("batch")
                    .getString("id")).isEqualTo(earlier.id());
            assertThat(tree.results(run, EXPIRING).getString("status")).isEqualTo("complete");
        }
    }

    @Test
    void runningOrUnfinishedRunIsRefused(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a run whose job is busy (every call slowed down)
            fixture.writePosts(12);
            RunId run = fixture.createRun();
            fixture.emulator.setFaults(FaultSettings.none().withLatency(Duration.ofMillis(300)));
            long running = JobRuntime.start(fixture.parameters(run));
            org.awaitility.Awaitility.await().atMost(JobRuntime.DEADLINE)
                    .until(() -> JobRuntime.operator().getJobExecution(running).getBatchStatus()
                            == BatchStatus.STARTED && tree(fixture).status(run).jobExecutionId() != null);

            // when / then
            assertThatThrownBy(() -> jobs(fixture).retry(run, Optional.empty(), new Properties()))
                    .isInstanceOfSatisfying(RunStateException.class, e -> assertThat(e.reason())
                            .isEqualTo(RunStateException.Reason.RUNNING))
                    .hasMessageContaining("is running");

            // when: stopped before every user is collected
            JobRuntime.operator().stop(running);
            assertThat(JobRuntime.awaitEnd(running).getBatchStatus()).isEqualTo(BatchStatus.STOPPED);

            // then
            assertThatThrownBy(() -> jobs(fixture).retry(run, Optional.empty(), new Properties()))
                    .isInstanceOfSatisfying(RunStateException.class, e -> assertThat(e.reason())
                            .isEqualTo(RunStateException.Reason.UNFINISHED))
                    .hasMessageContaining("without results.json");
            fixture.emulator.setFaults(FaultSettings.none());
        }
    }

    private static ExperimentTree tree(ExperimentFixture fixture) {
        return new ExperimentTree(fixture.store);
    }

    private static RunId partialRun(ExperimentFixture fixture) throws IOException {
        fixture.emulator.setFaults(FaultSettings.none().withExpireUsers(Set.of(EXPIRING))
                .withFailUsers(Set.of(FAILING)));
        RunId run = fixture.createRun();
        assertThat(JobRuntime.runToEnd(fixture.parameters(run)).getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
        ExperimentTree tree = new ExperimentTree(fixture.store);
        assertThat(tree.results(run, EXPIRING).getString("status")).isEqualTo("partial");
        assertThat(tree.results(run, FAILING).getString("status")).isEqualTo("failed");
        return run;
    }

    static RunJobs jobs(ExperimentFixture fixture) {
        return RunJobs.embedded(JobRuntime.operator(), fixture.store);
    }

    private static Map<String, List<String>> unanswered(ExperimentTree tree, RunId run, List<String> users) {
        Map<String, List<String>> unanswered = new HashMap<>();
        for (String user : users) {
            unanswered.put(user, ExperimentTree.strings(tree.results(run, user), "unanswered"));
        }
        return unanswered;
    }

    /** Every request of every user was received once, and once more exactly when it is in {@code askedAgain}. */
    static void assertAskedOnceMoreExactly(EmulatorCounts counts, ExperimentTree tree, RunId run, List<String> users,
                                          Map<String, List<String>> askedAgain) throws IOException {
        for (String user : users) {
            for (String customId : tree.batchCustomIds(run, user)) {
                long expected = askedAgain.get(user).contains(customId) ? 2 : 1;
                assertThat(counts.requestsReceived(run.toString(), user, customId))
                        .as("requests %s of user %s received", customId, user).isEqualTo(expected);
            }
        }
    }

    private static List<JsonObject> requests(JsonObject results) {
        return results.getJsonArray("requests").getValuesAs(JsonObject.class);
    }
}
