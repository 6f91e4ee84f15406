package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.control.JobProperties;
import io.batchlab.results.ExportFormat;
import io.batchlab.results.RecordKeys;
import io.batchlab.results.RunExport;
import io.batchlab.results.RunSummaries;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 item 5: what a run records about where each answer comes from, over runs the job really made. */
@ExtendWith(ProviderProperties.class)
class ExperimentJobProvenanceTest {

    @Test
    void theSameConfigAndUsersGiveByteIdenticalBatchFilesWhateverThePartitionsAndChunks(@TempDir Path dir)
            throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: two runs of one config and one users file, in the same experiments root
            List<String> users = fixture.writePosts(10);
            Path config = fixture.writeConfig();
            Path usersFile = dir.resolve("cohort.txt");
            Files.write(usersFile, List.of(users.get(7), users.get(2), users.get(5), users.get(0), users.get(9)));
            RunId first = fixture.createRun(config, usersFile);
            RunId second = fixture.createRun(config, usersFile);

            // when: the first submitted on four partitions, the second prepared only, one user per chunk
            Properties submitted = fixture.parameters(first);
            submitted.setProperty("partitions", "4");
            Properties preparedOnly = fixture.parameters(second);
            preparedOnly.setProperty("partitions", "1");
            preparedOnly.setProperty("chunkSize", "1");
            preparedOnly.setProperty("submit", "false");
            JobExecution a = JobRuntime.runToEnd(submitted);
            JobExecution b = JobRuntime.runToEnd(preparedOnly);

            // then
            assertThat(a.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(b.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(second).isNotEqualTo(first);
            for (String user : List.of(users.get(7), users.get(2), users.get(5), users.get(0), users.get(9))) {
                Path one = fixture.store.batchFile(new UserId(user), first);
                Path other = fixture.store.batchFile(new UserId(user), second);
                assertThat(Files.size(one)).as(user).isPositive();
                assertThat(other).as(user).hasSameBinaryContentAs(one);
            }
            assertThat(fixture.store.configFile(second)).hasSameBinaryContentAs(fixture.store.configFile(first));
            ExperimentTree tree = new ExperimentTree(fixture.store);
            assertThat(tree.status(first).configSha256()).isEqualTo(sha256(fixture.store.configFile(first)))
                    .isEqualTo(tree.status(second).configSha256());
        }
    }

    @Test
    void everyResultsJsonRecordsTheModelTheConfigsSha256AndEachRequestsRecordKey(@TempDir Path dir)
            throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: posts keyed by post_id, and one user one of whose posts has no post_id
            List<String> users = PostsInput.userIds(4);
            List<String> lines = new ArrayList<>();
            for (String user : users) {
                for (int post = 1; post <= PostsInput.postsOf(user); post++) {
                    lines.add(Json.createObjectBuilder(PostsInput.post(user, post))
                            .add("post_id", postId(user, post)).build().toString());
                }
            }
            String unkeyed = "31499599";
            lines.add(PostsInput.post(unkeyed, 1).toString());
            Files.write(fixture.input, lines, StandardCharsets.UTF_8);
            Path config = fixture.writeConfig();
            Files.writeString(config, Files.readString(config) + "  record_key: post_id\n");
            Properties parameters = new Properties();
            parameters.setProperty(JobProperties.CONFIG, config.toString());
            parameters.setProperty(JobProperties.EXPERIMENTS_ROOT, fixture.root.toString());

            // when
            JobExecution execution = JobRuntime.runToEnd(parameters);

            // then: status.json and every results.json name the config by the sha256 of config.yaml as written
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            RunId run = tree.onlyRun();
            String sha = sha256(fixture.store.configFile(run));
            assertThat(sha).matches("[0-9a-f]{64}");
            assertThat(tree.status(run).configSha256()).isEqualTo(sha);
            for (String user : users) {
                JsonObject results = tree.results(run, user);
                assertThat(new ArrayList<>(results.keySet())).as(user).startsWith("run_id", "user_id", "status",
                        "model", "config_sha256", "summary");
                assertThat(results.getString("status")).as(user).isEqualTo("complete");
                assertThat(results.getString("model")).isEqualTo(ExperimentFixture.MODEL_ID);
                assertThat(results.getString("config_sha256")).isEqualTo(sha);
                List<JsonObject> requests = results.getJsonArray("requests").getValuesAs(JsonObject.class);
                assertThat(requests).extracting(request -> request.getString("record_key"))
                        .containsExactlyElementsOf(postIds(user));
                assertThat(requests).extracting(request -> request.getString("model"))
                        .containsOnly(ExperimentFixture.MODEL_ID);
                // the keys travel in upload.json; batch.jsonl stays exactly the provider's four fields
                assertThat(tree.upload(run, user).getJsonObject(RecordKeys.UPLOAD_FIELD).keySet())
                        .containsExactlyElementsOf(tree.batchCustomIds(run, user));
                for (String line : Files.readAllLines(fixture.store.batchFile(new UserId(user), run))) {
                    assertThat(Json.createReader(new StringReader(line)).readObject().keySet())
                            .containsExactly("custom_id", "method", "url", "body");
                }
            }
            // a post without its key skips its user, saying which record and key, with the provenance still there
            JsonObject skipped = tree.results(run, unkeyed);
            assertThat(skipped.getString("status")).isEqualTo("skipped");
            assertThat(skipped.getString("reason")).contains("user " + unkeyed + ", record 1",
                    "has no field \"post_id\"", "input.record_key");
            assertThat(skipped.getString("config_sha256")).isEqualTo(sha);

            // and the export's record_key column is the post_id
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            RunExport.write(fixture.store, run, ExportFormat.JSONL.open(out));
            List<JsonObject> rows = out.toString(StandardCharsets.UTF_8).lines()
                    .map(line -> Json.createReader(new StringReader(line)).readObject()).toList();
            List<String> expected = new ArrayList<>();
            users.forEach(user -> expected.addAll(postIds(user)));
            assertThat(rows.stream().filter(row -> row.getString("status").equals(RunExport.ANSWERED))
                    .map(row -> row.getString("record_key")).toList()).containsExactlyElementsOf(expected);
            assertThat(rows).filteredOn(row -> row.getString("user_id").equals(unkeyed)).singleElement()
                    .satisfies(row -> assertThat(row.getString("status")).isEqualTo(RunExport.SKIPPED));
            // the summary names the config too
            assertThat(RunSummaries.of(fixture.store, run).toJson().getString("config_sha256")).isEqualTo(sha);
        }
    }

    private static String postId(String user, int post) {
        return "post-" + user + "-" + post;
    }

    private static List<String> postIds(String user) {
        List<String> ids = new ArrayList<>();
        for (int post = 1; post <= PostsInput.postsOf(user); post++) {
            ids.add(postId(user, post));
        }
        return ids;
    }

    /** Computed here, independently of batchlab's own digest. */
    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
