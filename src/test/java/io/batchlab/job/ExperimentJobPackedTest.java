package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.control.RetryStart;
import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A packed run ({@code provider.pack}): many users per provider batch, while each user keeps their own batch.jsonl,
 * upload.json and results.json, and every pack is submitted exactly once however the run is cut.
 */
@ExtendWith(ProviderProperties.class)
class ExperimentJobPackedTest {

    @Test
    void packedRunSubmitsOneBatchPerPackAndGivesEveryUserTheirOwnFiles(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: 12 users in two partitions of six, packs of at most five users
            List<String> users = fixture.writePosts(12);
            RunId run = fixture.createRun(packedConfig(fixture, "{users: 5}"), null);

            // when
            JobExecution execution = JobRuntime.runToEnd(parameters(fixture, run, 2));

            // then: two packs per partition (5 + 1), each uploaded and created once, tagged with the pack's name
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            EmulatorCounts counts = fixture.emulator.counts();
            Map<String, Long> once = Map.of(run + "/pack-000000000", 1L, run + "/pack-000000005", 1L,
                    run + "/pack-000000006", 1L, run + "/pack-000000011", 1L);
            assertThat(counts.uploadsPerRunUser()).isEqualTo(once);
            assertThat(counts.batchesPerRunUser()).isEqualTo(once);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            RunAssertions.assertCompleted(tree, run, users);
            // each user's own files: their requests only, under their own custom_ids
            Map<String, List<String>> packLines = new HashMap<>();
            for (String user : users) {
                JsonObject upload = tree.upload(run, user);
                JsonObject pack = upload.getJsonObject("pack");
                List<String> own = tree.batchCustomIds(run, user);
                assertThat(own).as(user).allMatch(id -> id.matches("r\\d{5}"));
                assertThat(pack.getInt("lines")).isEqualTo(own.size());
                assertThat(pack.getString("custom_id_prefix")).isEqualTo(user + ":");
                assertThat(upload.getJsonObject("batch").getJsonObject("metadata").getString("pack"))
                        .isEqualTo(pack.getString("name"));
                assertThat(upload.getJsonObject("upload").getString("filename"))
                        .isEqualTo("batchlab_" + run + "_" + pack.getString("name") + ".jsonl");
                List<String> lines = packLines.computeIfAbsent(pack.getString("name"),
                        name -> readLines(Pack.input(fixture.store, run, name)));
                List<String> mine = lines.subList(pack.getInt("first_line") - 1,
                        pack.getInt("first_line") - 1 + pack.getInt("lines"));
                List<String> batchLines = readLines(fixture.store.batchFile(new UserId(user), run));
                for (int i = 0; i < mine.size(); i++) {
                    assertThat(mine.get(i)).isEqualTo(batchLines.get(i)
                            .replace("{\"custom_id\":\"", "{\"custom_id\":\"" + user + ":"));
                }
                assertThat(tree.results(run, user).getJsonObject("batch").getString("id"))
                        .isEqualTo(upload.getJsonObject("batch").getString("id"));
            }
            // the pack's raw output is kept once, under the hidden area, not per user
            assertThat(Pack.output(fixture.store, run, "pack-000000000")).exists();
            assertThat(fixture.store.userRunDir(new UserId(users.get(0)), run).toFile().list())
                    .containsExactlyInAnyOrder("batch.jsonl", "upload.json", "results.json");
        }
    }

    @Test
    void packOfRequestsClosesAtTheRequestTarget(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: 12 users with 1 to 3 posts each, packs closing at 6 requests, one partition
            List<String> users = fixture.writePosts(12);
            RunId run = fixture.createRun(packedConfig(fixture, "{requests: 6}"), null);

            // when
            JobExecution execution = JobRuntime.runToEnd(parameters(fixture, run, 1));

            // then: every pack but the last reached 6 requests with its last user, and no pack is bigger than it
            // needs to be: without its last user it would have had fewer than 6
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            Map<String, List<Integer>> requestsPerPack = new LinkedHashMap<>();
            for (String user : users) {
                requestsPerPack.computeIfAbsent(tree.upload(run, user).getJsonObject("pack").getString("name"),
                        name -> new ArrayList<>()).add(tree.batchCustomIds(run, user).size());
            }
            assertThat(requestsPerPack.size()).isGreaterThan(1).isLessThan(users.size());
            List<List<Integer>> packs = new ArrayList<>(requestsPerPack.values());
            for (List<Integer> pack : packs.subList(0, packs.size() - 1)) {
                int total = pack.stream().mapToInt(Integer::intValue).sum();
                assertThat(total).isGreaterThanOrEqualTo(6);
                assertThat(total - pack.get(pack.size() - 1)).isLessThan(6);
            }
            assertThat(fixture.emulator.counts().calls("POST /batches")).isEqualTo(packs.size());
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    @Test
    void expiredPackLeavesEachUserPartialWithTheirOwnUnansweredIdsAndRetryCompletesThem(@TempDir Path dir)
            throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: the first pack (users 0-4) expires half-way
            List<String> users = fixture.writePosts(12);
            RunId run = fixture.createRun(packedConfig(fixture, "{users: 5}"), null);
            fixture.emulator.setFaults(FaultSettings.none().withExpireUsers(Set.of("pack-000000000")));

            // when
            JobExecution execution = JobRuntime.runToEnd(parameters(fixture, run, 2));

            // then: its users answered before the expiry are complete, the others partial or failed, each listing
            // only their own custom_ids as unanswered
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            List<String> expired = users.subList(0, 5);
            int unansweredRequests = 0;
            for (String user : expired) {
                JsonObject results = tree.results(run, user);
                assertThat(results.getJsonObject("batch").getString("status")).isEqualTo("expired");
                List<String> unanswered = ExperimentTree.strings(results, "unanswered");
                if (unanswered.isEmpty()) {
                    assertThat(results.getString("status")).as(user).isEqualTo("complete");
                } else {
                    assertThat(results.getString("status")).as(user).isIn("partial", "failed");
                }
                assertThat(tree.batchCustomIds(run, user)).containsAll(unanswered);
                assertThat(results.getJsonObject("summary").getInt("requests") - results.getJsonObject("summary")
                        .getInt("succeeded")).isEqualTo(unanswered.size());
                unansweredRequests += unanswered.size();
            }
            assertThat(unansweredRequests).as("requests the expiry left unanswered").isPositive();
            RunStatus status = tree.status(run);
            long incomplete = expired.stream().filter(user -> !"complete".equals(
                    tree.results(run, user).getString("status"))).count();
            assertThat(status.counts().failed()).isEqualTo(incomplete);
            assertThat(status.counts().completed()).isEqualTo(users.size() - incomplete);

            // when: retried with a healthy provider
            fixture.emulator.setFaults(FaultSettings.none());
            RetryStart retry = RetryJobTest.jobs(fixture).retry(run, Optional.empty(), new Properties());
            JobExecution retried = JobRuntime.awaitEnd(retry.execution().orElseThrow());

            // then: every user complete, the retry asked only the unanswered requests
            assertThat(retried.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(retry.plan().requests()).isEqualTo(unansweredRequests);
            for (String user : users) {
                assertThat(tree.results(run, user).getString("status")).as(user).isEqualTo("complete");
            }
            assertThat(tree.status(run).counts().completed()).isEqualTo(users.size());
        }
    }

    @Test
    void configWithoutPackPacksByTheDefaultThousandRequestsAndTheRunRecordsIt(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: 12 users, a config that says nothing about packing
            List<String> users = fixture.writePosts(12);
            RunId run = fixture.createRun(packedConfig(fixture, null), null);

            // when
            JobExecution execution = JobRuntime.runToEnd(parameters(fixture, run, 1));

            // then: far under 1000 requests, so one pack holds every user; the run's config.yaml says so
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            Map<String, Long> once = Map.of(run + "/pack-000000000", 1L);
            assertThat(fixture.emulator.counts().uploadsPerRunUser()).isEqualTo(once);
            assertThat(fixture.emulator.counts().batchesPerRunUser()).isEqualTo(once);
            assertThat(fixture.store.configFile(run)).content().contains("  pack:\n    requests: 1000\n");
            RunAssertions.assertCompleted(new ExperimentTree(fixture.store), run, users);
        }
    }

    @Test
    void runRecordedWithoutPackRestartsWithOneBatchPerUserAsItRan(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a run whose config.yaml has no pack, as runs recorded before packing became the default
            List<String> users = fixture.writePosts(40);
            RunId run = fixture.createRun(packedConfig(fixture, null), null);
            Path recorded = fixture.store.configFile(run);
            Files.writeString(recorded, Files.readString(recorded).replace("  pack:\n    requests: 1000\n", ""));
            assertThat(recorded).content().doesNotContain("pack");
            fixture.emulator.setFaults(FaultSettings.none().withLatency(Duration.ofMillis(15)));
            long first = JobRuntime.start(parameters(fixture, run, 2));

            // when: the provider fails every call once a few batches exist, then recovers and the job is restarted
            await().atMost(JobRuntime.DEADLINE).pollInterval(Duration.ofMillis(5))
                    .until(() -> fixture.emulator.counts().batchesPerRunUser().size() >= 4);
            fixture.emulator.setFaults(FaultSettings.none().withServerErrorRate(1.0));
            assertThat(JobRuntime.awaitEnd(first).getBatchStatus()).isEqualTo(BatchStatus.FAILED);
            fixture.emulator.setFaults(FaultSettings.none());
            JobExecution restarted = JobRuntime.awaitEnd(JobRuntime.restart(first, parameters(fixture, run, 2)));

            // then: before and after the restart, every user had their own batch, uploaded and created once
            assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            Map<String, Long> perUser = users.stream().collect(Collectors.toMap(user -> run + "/" + user, user -> 1L));
            assertThat(fixture.emulator.counts().uploadsPerRunUser()).isEqualTo(perUser);
            assertThat(fixture.emulator.counts().batchesPerRunUser()).isEqualTo(perUser);
            RunAssertions.assertCompleted(new ExperimentTree(fixture.store), run, users);
        }
    }

    @Test
    void serverErrorsMidSubmitAndARestartSubmitEveryPackAndUserExactlyOnce(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: 60 users in packs of three, a little latency so submitting can be cut in the middle
            List<String> users = fixture.writePosts(60);
            RunId run = fixture.createRun(packedConfig(fixture, "{users: 3}"), null);
            fixture.emulator.setFaults(FaultSettings.none().withLatency(Duration.ofMillis(15)));
            long first = JobRuntime.start(parameters(fixture, run, 2));

            // when: the provider fails every call once a few packs exist
            await().atMost(JobRuntime.DEADLINE).pollInterval(Duration.ofMillis(5))
                    .until(() -> fixture.emulator.counts().batchesPerRunUser().size() >= 4);
            fixture.emulator.setFaults(FaultSettings.none().withServerErrorRate(1.0));
            JobExecution failed = JobRuntime.awaitEnd(first);
            assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);

            // when: the provider recovers and the job is restarted
            fixture.emulator.setFaults(FaultSettings.none());
            JobExecution restarted = JobRuntime.awaitEnd(JobRuntime.restart(first, parameters(fixture, run, 2)));

            // then
            assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            assertEveryPackOnceAndEveryUserInOnePack(fixture, tree, run, users);
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    @Test
    void packCreatedButUploadJsonsNotWrittenIsFoundAtTheProviderAndNotSubmittedAgain(@TempDir Path dir)
            throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a finished run where the users of one pack, and two of another, lost upload.json and
            // results.json, as if the process had crashed right after creating the batches
            List<String> users = fixture.writePosts(12);
            RunId run = fixture.createRun(packedConfig(fixture, "{users: 4}"), null);
            assertThat(JobRuntime.runToEnd(parameters(fixture, run, 1)).getBatchStatus())
                    .isEqualTo(BatchStatus.COMPLETED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            List<String> crashed = new ArrayList<>(users.subList(4, 8));
            crashed.addAll(users.subList(9, 11));
            Map<String, String> batchIds = new HashMap<>();
            for (String user : crashed) {
                batchIds.put(user, tree.upload(run, user).getJsonObject("batch").getString("id"));
                Files.delete(fixture.store.uploadFile(new UserId(user), run));
                Files.delete(fixture.store.resultsFile(new UserId(user), run));
            }
            // and the raw output of one pack was never downloaded
            Files.delete(Pack.output(fixture.store, run, "pack-000000004"));

            // when: the run is continued in a new job execution, with another partition plan
            JobExecution continued = JobRuntime.runToEnd(parameters(fixture, run, 3));

            // then: the packs were found again, nobody was uploaded or batched twice
            assertThat(continued.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertEveryPackOnceAndEveryUserInOnePack(fixture, tree, run, users);
            for (String user : crashed) {
                assertThat(tree.upload(run, user).getJsonObject("batch").getString("id")).isEqualTo(batchIds.get(user));
            }
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    @Test
    void packWrittenButNeverSubmittedIsSubmittedWithItsOwnUsersOnly(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a prepared run (packs written, nothing submitted) — as if killed right after each pack's files
            List<String> users = fixture.writePosts(12);
            RunId run = fixture.createRun(packedConfig(fixture, "{users: 4}"), null);
            Properties prepareOnly = parameters(fixture, run, 1);
            prepareOnly.setProperty("submit", "false");
            assertThat(JobRuntime.runToEnd(prepareOnly).getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(fixture.emulator.counts().calls("POST /files")).isZero();
            assertThat(Pack.input(fixture.store, run, "pack-000000008")).exists();

            // when: submitted with another partition plan, whose second range starts inside a pack: users already
            // in a pack must not be packed again
            JobExecution submitted = JobRuntime.runToEnd(parameters(fixture, run, 2));

            // then: the three packs written before, each once
            assertThat(submitted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            assertThat(fixture.emulator.counts().batchesPerRunUser()).containsOnlyKeys(
                    run + "/pack-000000000", run + "/pack-000000004", run + "/pack-000000008");
            assertEveryPackOnceAndEveryUserInOnePack(fixture, tree, run, users);
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    /** Each pack uploaded and created once, each user in exactly one pack, each request received once. */
    static void assertEveryPackOnceAndEveryUserInOnePack(ExperimentFixture fixture, ExperimentTree tree, RunId run,
                                                         List<String> users) throws IOException {
        EmulatorCounts counts = fixture.emulator.counts();
        assertThat(counts.uploadsPerRunUser()).isNotEmpty().allSatisfy((pack, n) -> assertThat(n).as(pack).isOne());
        assertThat(counts.batchesPerRunUser()).isEqualTo(counts.uploadsPerRunUser());
        Map<String, Long> received = new HashMap<>();
        for (String user : users) {
            String pack = tree.upload(run, user).getJsonObject("pack").getString("name");
            for (String customId : tree.batchCustomIds(run, user)) {
                received.put(run + "/" + pack + "/" + user + ":" + customId, 1L);
            }
        }
        assertThat(counts.requestsPerCustomId()).as("requests received per pack and custom_id").isEqualTo(received);
        Set<String> packs = received.keySet().stream().map(key -> key.split("/")[0] + "/" + key.split("/")[1])
                .collect(Collectors.toSet());
        assertThat(counts.batchesPerRunUser().keySet()).isEqualTo(packs);
    }

    /** The fixture's config with {@code provider.pack} set to {@code pack}, or without it for null. */
    static Path packedConfig(ExperimentFixture fixture, String pack) throws IOException {
        Path config = fixture.writeConfig();
        Files.writeString(config, Files.readString(config).replace("  pack: {users: 1}\n",
                pack == null ? "" : "  pack: " + pack + "\n"));
        return config;
    }

    private static Properties parameters(ExperimentFixture fixture, RunId run, int partitions) {
        Properties parameters = fixture.parameters(run);
        parameters.setProperty("partitions", Integer.toString(partitions));
        return parameters;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
