package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.config.ExperimentConfigWriter;
import io.batchlab.control.JobProperties;
import io.batchlab.provider.Batch;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.FileObject;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.provider.Secret;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The experiment job in Java SE against the emulator: the tree it writes is exactly the seed's layout. */
@ExtendWith(ProviderProperties.class)
class ExperimentJobTreeTest {

    private static final ZoneId CONFIG_ZONE = ZoneId.of("Europe/Berlin");
    private static final String GOLDEN_USER = "31499501";

    @Test
    void fiftyUsersGiveExactlyTheSeedTreeWithEveryAnswer(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given
            List<String> users = fixture.writePosts(50);
            Path config = fixture.writeConfig();
            Properties parameters = new Properties();
            parameters.setProperty(JobProperties.CONFIG, config.toString());
            parameters.setProperty(JobProperties.EXPERIMENTS_ROOT, fixture.root.toString());
            LocalDate before = LocalDate.now(CONFIG_ZONE);

            // when
            JobExecution execution = JobRuntime.runToEnd(parameters);

            // then: the job and the run completed
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            RunId run = tree.onlyRun();
            assertThat(List.of(before, LocalDate.now(CONFIG_ZONE)))
                    .contains(run.date());
            assertThat(run.toString()).matches(DateTimeFormatter.BASIC_ISO_DATE.format(run.date()) + "_CT_GPT20B_001");

            // then: the tree is the seed's, nothing more, nothing less
            Set<String> expected = new TreeSet<>(Set.of(
                    "runs/" + run + "/config.yaml", "runs/" + run + "/users.json", "runs/" + run + "/status.json"));
            for (String user : users) {
                for (String file : List.of("batch.jsonl", "upload.json", "results.json")) {
                    expected.add("users/" + user + "/" + run + "/" + file);
                }
            }
            assertThat(tree.files()).isEqualTo(expected);

            // then: status.json
            RunStatus status = tree.status(run);
            assertThat(status.state()).isEqualTo(State.COMPLETED);
            assertThat(status.steps()).isEqualTo(new RunStatus.Steps(true, true, true, true));
            assertThat(status.counts()).isEqualTo(new RunStatus.Counts(50, 50, 50, 50, 0, 0));
            assertThat(status.lastError()).isNull();
            assertThat(status.jobExecutionId()).isEqualTo(execution.getExecutionId());

            // then: users.json and the resolved config.yaml
            assertThat(usersOf(fixture, run)).containsExactlyElementsOf(users);
            assertThat(Files.readString(fixture.store.configFile(run)))
                    .isEqualTo(ExperimentConfigWriter.toYaml(ExperimentConfigLoader.load(config)));

            // then: every user's results account for every line of batch.jsonl, in input order, with an answer
            for (String user : users) {
                List<String> lines = tree.batchCustomIds(run, user);
                assertThat(lines).hasSize(PostsInput.postsOf(user));
                JsonObject results = tree.results(run, user);
                assertThat(results.getString("status")).as(user).isEqualTo("complete");
                assertThat(ExperimentTree.requestCustomIds(results)).as(user).containsExactlyElementsOf(lines);
                assertThat(results.getJsonArray("requests").getValuesAs(JsonObject.class))
                        .allSatisfy(request -> {
                            assertThat(request.getInt("status_code")).isEqualTo(200);
                            assertThat(request.getString("answer")).isNotBlank();
                        });
                assertThat(ExperimentTree.strings(results, "unanswered")).as(user).isEmpty();
            }

            // then: upload.json records the provider's own file and batch
            assertUploadsMatchTheProvider(fixture, tree, run, users);

            // then: the generated batch file is the expected one
            assertThat(Files.readString(fixture.store.batchFile(new UserId(GOLDEN_USER), run), StandardCharsets.UTF_8))
                    .isEqualTo(golden("golden/batch-" + GOLDEN_USER + ".jsonl"));
        }
    }

    @Test
    void oneOrFourPartitionsWriteTheSameTree(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: the same input and config in two experiments roots
            fixture.writePosts(12);
            Path config = fixture.writeConfig();
            ExperimentStore single = fixture.otherRoot("single");
            ExperimentStore four = fixture.otherRoot("four");
            RunId singleRun = ExperimentFixture.createRun(single, config, null);
            RunId fourRun = ExperimentFixture.createRun(four, config, null);

            // when
            Properties oneParameters = ExperimentFixture.parameters(single, singleRun);
            oneParameters.setProperty("partitions", "1");
            Properties fourParameters = ExperimentFixture.parameters(four, fourRun);
            fourParameters.setProperty("partitions", "4");
            JobExecution one = JobRuntime.runToEnd(oneParameters);
            JobExecution fourExecution = JobRuntime.runToEnd(fourParameters);

            // then
            assertThat(one.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(fourExecution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(fourRun).isEqualTo(singleRun);
            ExperimentTree singleTree = new ExperimentTree(single);
            ExperimentTree fourTree = new ExperimentTree(four);
            assertThat(fourTree.files()).isEqualTo(singleTree.files()).hasSize(3 + 12 * 3);
            for (String file : singleTree.files()) {
                Path a = single.root().resolve(file);
                Path b = four.root().resolve(file);
                String name = a.getFileName().toString();
                switch (name) {
                    case "results.json" -> assertThat(comparable(ExperimentTree.json(b)))
                            .as(file).isEqualTo(comparable(ExperimentTree.json(a)));
                    case "upload.json" -> assertThat(comparableUpload(ExperimentTree.json(b)))
                            .as(file).isEqualTo(comparableUpload(ExperimentTree.json(a)));
                    case "status.json" -> {
                        RunStatus sa = singleTree.status(singleRun);
                        RunStatus sb = fourTree.status(fourRun);
                        assertThat(List.of(sb.state(), sb.steps(), sb.counts(), sb.description()))
                                .isEqualTo(List.of(sa.state(), sa.steps(), sa.counts(), sa.description()));
                    }
                    default -> assertThat(b).as(file).hasSameBinaryContentAs(a);
                }
            }
        }
    }

    @Test
    void aPrepareOnlyRunWritesEveryBatchFileAndCallsTheProviderOnlyToCheckIt(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given
            List<String> users = fixture.writePosts(12);
            RunId run = fixture.createRun();
            Properties prepareOnly = fixture.parameters(run);
            prepareOnly.setProperty("submit", "false");

            // when
            JobExecution execution = JobRuntime.runToEnd(prepareOnly);

            // then: batch.jsonl for everyone, nothing submitted, collect-results ended without waiting for anything
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(JobRuntime.step(execution.getExecutionId(), "collect-results").getExitStatus())
                    .isEqualTo("COLLECTED");
            ExperimentTree tree = new ExperimentTree(fixture.store);
            Set<String> expected = new TreeSet<>(Set.of(
                    "runs/" + run + "/config.yaml", "runs/" + run + "/users.json", "runs/" + run + "/status.json"));
            users.forEach(user -> expected.add("users/" + user + "/" + run + "/batch.jsonl"));
            assertThat(tree.files()).containsExactlyElementsOf(expected);
            assertThat(fixture.emulator.counts().perEndpoint()).containsOnlyKeys("GET /models");
            RunStatus status = tree.status(run);
            assertThat(status.counts()).isEqualTo(new RunStatus.Counts(12, 12, 0, 0, 0, 0));
            assertThat(status.steps()).isEqualTo(new RunStatus.Steps(true, true, false, false));
        }
    }

    /** results.json without what differs between two submissions of the same requests (ids, timestamps). */
    private static JsonObject comparable(JsonObject results) {
        JsonArrayBuilder requests = Json.createArrayBuilder();
        for (JsonObject request : results.getJsonArray("requests").getValuesAs(JsonObject.class)) {
            requests.add(Json.createObjectBuilder(request).remove("request_id").remove("usage"));
        }
        return Json.createObjectBuilder(results)
                .remove("batch")
                .add("requests", requests)
                .build();
    }

    private static List<Object> comparableUpload(JsonObject upload) {
        JsonObject file = upload.getJsonObject("upload");
        JsonObject batch = upload.getJsonObject("batch");
        return List.of(file.getString("filename"), file.getJsonNumber("bytes").longValue(), file.getString("purpose"),
                batch.getJsonObject("metadata"), batch.getString("endpoint"), batch.getString("completion_window"));
    }

    private static void assertUploadsMatchTheProvider(ExperimentFixture fixture, ExperimentTree tree, RunId run,
                                                      List<String> users) {
        try (BatchClient client = BatchClient.create(
                ProviderSettings.defaults(fixture.emulator.baseUri(), Secret.of("test-key-not-a-secret")))) {
            Map<String, FileObject> files = client.listFiles().stream()
                    .collect(Collectors.toMap(FileObject::id, Function.identity()));
            List<String> batchIds = new ArrayList<>();
            for (String user : users) {
                JsonObject upload = tree.upload(run, user);
                String fileId = upload.getJsonObject("upload").getString("id");
                assertThat(files).containsKey(fileId);
                assertThat(files.get(fileId).filename()).isEqualTo(BatchClient.uploadFilename(run.toString(), user));
                assertThat(upload.getJsonObject("batch").getString("input_file_id")).isEqualTo(fileId);
                batchIds.add(upload.getJsonObject("batch").getString("id"));
            }
            Map<String, Batch> batches = client.retrieveBatches(batchIds).stream()
                    .collect(Collectors.toMap(Batch::id, Function.identity()));
            assertThat(batches).hasSize(users.size());
            for (String user : users) {
                Batch batch = batches.get(tree.upload(run, user).getJsonObject("batch").getString("id"));
                assertThat(batch.metadata()).containsEntry("run_id", run.toString()).containsEntry("user_id", user);
            }
        }
        assertThat(fixture.emulator.counts().uploadsPerRunUser()).hasSize(users.size()).allSatisfy((key, n) ->
                assertThat(n).as(key).isEqualTo(1L));
        assertThat(fixture.emulator.counts().batchesPerRunUser()).hasSize(users.size()).allSatisfy((key, n) ->
                assertThat(n).as(key).isEqualTo(1L));
    }

    static List<String> usersOf(ExperimentFixture fixture, RunId run) throws IOException {
        List<String> ids = new ArrayList<>();
        try (UsersFile.Cursor cursor = UsersFile.open(fixture.store.usersFile(run))) {
            cursor.forEachRemaining(user -> ids.add(user.value()));
        }
        return ids;
    }

    static String golden(String resource) throws IOException {
        try (InputStream in = Objects.requireNonNull(ExperimentJobTreeTest.class.getResourceAsStream(resource),
                resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
