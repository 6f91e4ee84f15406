package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.control.JobProperties;
import io.batchlab.results.ExportFormat;
import io.batchlab.results.ExportRow;
import io.batchlab.results.RunExport;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The export over a run the job really wrote against the emulator. */
@ExtendWith(ProviderProperties.class)
class ExperimentJobExportTest {

    @Test
    void aCompletedRunExportsOneAnsweredRowPerRequestWithItsLabelAndTokens(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given
            List<String> users = fixture.writePosts(6);
            Properties parameters = new Properties();
            parameters.setProperty(JobProperties.CONFIG, fixture.writeConfig().toString());
            parameters.setProperty(JobProperties.EXPERIMENTS_ROOT, fixture.root.toString());
            JobExecution execution = JobRuntime.runToEnd(parameters);
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            RunId run = new ExperimentTree(fixture.store).onlyRun();
            long requests = 0;
            for (String user : users) {
                requests += Files.readAllLines(fixture.store.batchFile(new UserId(user), run), StandardCharsets.UTF_8)
                        .stream().filter(line -> !line.isBlank()).count();
            }

            // when
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            long rows = RunExport.write(fixture.store, run, ExportFormat.JSONL.open(out));

            // then
            assertThat(rows).isEqualTo(requests).isPositive();
            List<jakarta.json.JsonObject> lines = out.toString(StandardCharsets.UTF_8).lines()
                    .map(line -> jakarta.json.Json.createReader(new java.io.StringReader(line)).readObject()).toList();
            assertThat(lines).hasSize((int) requests).allSatisfy(row -> {
                assertThat(row.keySet()).containsExactlyElementsOf(ExportRow.COLUMNS);
                assertThat(row.getString("status")).isEqualTo(RunExport.ANSWERED);
                assertThat(row.getString("model")).isEqualTo(ExperimentFixture.MODEL_ID);
                assertThat(row.getString("answer_label")).isIn("favor", "against", "neutral");
                assertThat(row.getBoolean("answer_allowed")).isTrue();
                assertThat(row.getJsonNumber("prompt_tokens").longValue()).isPositive();
                assertThat(row.getString("request_id")).isNotBlank();
            });
            assertThat(lines).extracting(row -> row.getString("user_id")).containsSubsequence(users);
        }
    }
}
