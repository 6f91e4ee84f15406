package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.control.JobProperties;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatus;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How the experiment job ends when the provider or the input lets some or all users down. */
@ExtendWith(ProviderProperties.class)
class ExperimentJobOutcomesTest {

    private static final String DECOMMISSIONED_MODEL = "deepseek-r1-distill-llama-70b";

    @Test
    void expiredBatchKeepsItsAnswersFailedBatchHasNoneAndTheRunCompletes(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a user with three posts whose batch expires half-way, answering one of them, and a user whose
            // batch fails
            List<String> users = fixture.writePosts(12);
            String expiring = "31499502";
            assertThat(PostsInput.postsOf(expiring)).isEqualTo(3);
            String failing = "31499507";
            fixture.emulator.setFaults(FaultSettings.none().withExpireUsers(Set.of(expiring))
                    .withFailUsers(Set.of(failing)));
            RunId run = fixture.createRun();

            // when
            JobExecution execution = JobRuntime.runToEnd(fixture.parameters(run));

            // then
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            JsonObject results = tree.results(run, expiring);
            assertThat(results.getString("status")).isEqualTo("partial");
            assertThat(results.getJsonObject("batch").getString("status")).isEqualTo("expired");
            List<JsonObject> requests = results.getJsonArray("requests").getValuesAs(JsonObject.class);
            assertThat(ExperimentTree.requestCustomIds(results)).containsExactly("r00001", "r00002", "r00003");
            List<String> answered = new ArrayList<>();
            List<String> expired = new ArrayList<>();
            for (JsonObject request : requests) {
                if (request.isNull("error")) {
                    assertThat(request.getInt("status_code")).isEqualTo(200);
                    assertThat(request.getString("answer")).isNotBlank();
                    answered.add(request.getString("custom_id"));
                } else {
                    assertThat(request.getJsonObject("error").getString("code")).isEqualTo("batch_expired");
                    assertThat(request.isNull("answer")).isTrue();
                    expired.add(request.getString("custom_id"));
                }
            }
            assertThat(answered).hasSize(1);
            assertThat(expired).hasSize(2);
            assertThat(ExperimentTree.strings(results, "unanswered")).containsExactlyElementsOf(expired);
            assertThat(results.getJsonObject("summary")).isEqualTo(Json.createObjectBuilder()
                    .add("requests", 3).add("succeeded", 1).add("failed", 2).add("missing", 0).build());

            JsonObject failedResults = tree.results(run, failing);
            assertThat(failedResults.getString("status")).isEqualTo("failed");
            assertThat(failedResults.getJsonObject("batch").getString("status")).isEqualTo("failed");
            assertThat(ExperimentTree.strings(failedResults, "unanswered"))
                    .containsExactlyElementsOf(tree.batchCustomIds(run, failing));

            RunStatus status = tree.status(run);
            assertThat(status.state()).isEqualTo(State.COMPLETED);
            assertThat(status.counts()).isEqualTo(new RunStatus.Counts(12, 12, 12, 10, 2, 0));
            assertThat(status.steps()).isEqualTo(new RunStatus.Steps(true, true, true, true));
            for (String user : users) {
                if (!user.equals(expiring) && !user.equals(failing)) {
                    assertThat(tree.results(run, user).getString("status")).as(user).isEqualTo("complete");
                }
            }
        }
    }

    @Test
    void decommissionedModelFailsTheJobBeforeAnyUploadNamingTheModel(@TempDir Path dir) throws IOException {
        assertModelRefusedBeforeAnyUpload(dir, DECOMMISSIONED_MODEL);
    }

    @Test
    void unknownModelFailsTheJobBeforeAnyUploadNamingTheModel(@TempDir Path dir) throws IOException {
        assertModelRefusedBeforeAnyUpload(dir, "llama-9-imaginary");
    }

    private static void assertModelRefusedBeforeAnyUpload(Path dir, String model) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given
            fixture.writePosts(8);
            RunId run = fixture.createRun(fixture.writeConfig(model), null);

            // when
            JobExecution execution = JobRuntime.runToEnd(fixture.parameters(run));

            // then: the pre-flight check fails the job; nobody was uploaded
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(JobRuntime.step(execution.getExecutionId(), "check-provider").getBatchStatus())
                    .isEqualTo(BatchStatus.FAILED);
            assertThat(JobRuntime.operator().getStepExecutions(execution.getExecutionId()))
                    .extracting(step -> step.getStepName())
                    .containsExactly("create-run", "window-gate", "check-provider");
            assertThat(fixture.emulator.counts().calls("POST /files")).isZero();
            assertThat(fixture.emulator.counts().calls("POST /batches")).isZero();

            RunStatus status = new ExperimentTree(fixture.store).status(run);
            assertThat(status.state()).isEqualTo(State.FAILED);
            assertThat(status.lastError()).startsWith("check-provider: ").contains("'" + model + "'")
                    .contains("model.id in " + fixture.store.configFile(run)).contains("openai/gpt-oss-20b");
            assertThat(status.counts().submitted()).isZero();
            assertThat(status.lastError()).contains("retired").contains("misspelled");
            String exitStatus = "FAILED: " + status.lastError();
            assertThat(execution.getExitStatus()).isEqualTo(exitStatus);
            assertThat(JobRuntime.step(execution.getExecutionId(), "check-provider").getExitStatus())
                    .isEqualTo(exitStatus);
        }
    }

    @Test
    void configErrorFailsTheFirstStepWithTheProblemInTheExitStatus(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a misspelled key
            fixture.writePosts(3);
            Path config = fixture.writeConfig();
            Files.writeString(config, Files.readString(config).replace("requests_per_second", "requests_per_secnd"));
            Properties parameters = new Properties();
            parameters.setProperty(JobProperties.CONFIG, config.toString());
            parameters.setProperty(JobProperties.EXPERIMENTS_ROOT, fixture.root.toString());

            // when
            JobExecution execution = JobRuntime.runToEnd(parameters);

            // then: no run, no provider call, and the reason where the job repository shows it
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(execution.getExitStatus()).startsWith("FAILED: create-run: ").contains(config.toString())
                    .contains("requests_per_secnd");
            assertThat(JobRuntime.step(execution.getExecutionId(), "create-run").getExitStatus())
                    .isEqualTo(execution.getExitStatus());
            assertThat(fixture.store.runs()).isEmpty();
            assertThat(fixture.emulator.counts().totalCalls()).isZero();
        }
    }

    @Test
    void unknownRunIdFailsTheFirstStepNamingTheRunAndTheRoot(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // when
            JobExecution execution = JobRuntime.runToEnd(fixture.parameters(RunId.parse("20240408_CT_DS70B_001")));

            // then
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(execution.getExitStatus()).isEqualTo("FAILED: create-run: run 20240408_CT_DS70B_001 "
                    + "does not exist under " + fixture.root);
        }
    }

    @Test
    void usersWithoutRecordsOrWithATemplateErrorAreSkippedAndRecordedWhileTheOthersComplete(@TempDir Path dir)
            throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a users file naming a user without records and a user whose post lacks the prompt's {{text}}
            List<String> users = new ArrayList<>(fixture.writePosts(10));
            String withoutRecords = "31499599";
            String withoutText = "31499598";
            PostsInput.append(fixture.input, Json.createObjectBuilder()
                    .add("user_id", withoutText).add("created_at", "2024-04-01T10:00:00Z").build());
            users.add(withoutText);
            users.add(withoutRecords);
            Path usersFile = dir.resolve("cohort.txt");
            Files.write(usersFile, users);
            RunId run = fixture.createRun(fixture.writeConfig(), usersFile);

            // when
            JobExecution execution = JobRuntime.runToEnd(fixture.parameters(run));

            // then: the job completes as usual
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(execution.getExitStatus()).isEqualTo("COMPLETED");
            ExperimentTree tree = new ExperimentTree(fixture.store);

            JsonObject noRecords = tree.results(run, withoutRecords);
            assertThat(noRecords.getString("status")).isEqualTo("skipped");
            assertThat(noRecords.getString("reason")).contains("no records for user " + withoutRecords);
            JsonObject noText = tree.results(run, withoutText);
            assertThat(noText.getString("status")).isEqualTo("skipped");
            assertThat(noText.getString("reason")).contains("user " + withoutText).contains("{{text}}")
                    .contains("not defined");
            for (String skipped : List.of(withoutRecords, withoutText)) {
                assertThat(tree.files()).filteredOn(path -> path.startsWith("users/" + skipped + "/"))
                        .containsExactly("users/" + skipped + "/" + run + "/results.json");
                assertThat(fixture.emulator.counts().uploadsPerRunUser())
                        .doesNotContainKey(ExperimentFixture.runUser(run, skipped));
            }

            RunStatus status = tree.status(run);
            assertThat(status.state()).isEqualTo(State.COMPLETED);
            assertThat(status.counts()).isEqualTo(new RunStatus.Counts(12, 10, 10, 10, 0, 2));
            assertThat(status.lastError()).isNull();
            assertThat(status.steps()).isEqualTo(new RunStatus.Steps(true, true, true, true));
            assertThat(status.problems())
                    .extracting(RunStatus.Problem::userId, RunStatus.Problem::step)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(withoutRecords, "prepare"),
                            org.assertj.core.groups.Tuple.tuple(withoutText, "prepare"));
            assertThat(fixture.emulator.counts().uploadsPerRunUser()).hasSize(10);
        }
    }
}
