package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.control.JobProperties;
import io.batchlab.cost.Price;
import io.batchlab.cost.Prices;
import io.batchlab.results.RunSummaries;
import io.batchlab.results.RunSummary;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The summary of a run the job really wrote against the emulator, checked against the answers in results.json. */
@ExtendWith(ProviderProperties.class)
class ExperimentJobSummaryTest {

    @Test
    void aCompletedRunsSummaryCountsTheEmulatorsAnswersAndTokens(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given
            List<String> users = fixture.writePosts(6);
            Properties parameters = new Properties();
            parameters.setProperty(JobProperties.CONFIG, fixture.writeConfig().toString());
            parameters.setProperty(JobProperties.EXPERIMENTS_ROOT, fixture.root.toString());
            JobExecution execution = JobRuntime.runToEnd(parameters);
            assertThat(execution.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            RunId run = new ExperimentTree(fixture.store).onlyRun();
            Map<String, Long> answers = new TreeMap<>();
            long requests = 0;
            long promptTokens = 0;
            long completionTokens = 0;
            for (String user : users) {
                try (JsonReader reader = Json.createReader(
                        Files.newInputStream(fixture.store.resultsFile(new UserId(user), run)))) {
                    for (JsonObject request : reader.readObject().getJsonArray("requests")
                            .getValuesAs(JsonObject.class)) {
                        requests++;
                        answers.merge(request.getString("answer").strip().toLowerCase(Locale.ROOT), 1L, Long::sum);
                        promptTokens += request.getJsonObject("usage").getInt("prompt_tokens");
                        completionTokens += request.getJsonObject("usage").getInt("completion_tokens");
                    }
                }
            }

            // when
            RunSummary summary = RunSummaries.of(fixture.store, run);

            // then
            assertThat(summary.users()).isEqualTo(users.size());
            assertThat(summary.requests()).isEqualTo(requests).isPositive();
            assertThat(summary.byStatus()).isEqualTo(new RunSummary.ByStatus(requests, 0, 0, 0));
            assertThat(summary.model()).isEqualTo(ExperimentFixture.MODEL_ID);
            Map<String, Long> distribution = new TreeMap<>();
            summary.answers().distribution().stream().filter(a -> a.count() > 0)
                    .forEach(a -> distribution.put(a.answer(), a.count()));
            assertThat(distribution).isEqualTo(answers);
            assertThat(summary.answers().offList()).isZero();
            assertThat(summary.answers().offListRate()).isEqualTo(0.0);
            assertThat(summary.tokens().prompt()).isEqualTo(promptTokens).isPositive();
            assertThat(summary.tokens().completion()).isEqualTo(completionTokens);
            assertThat(summary.missing()).isEqualTo(new RunSummary.Missing(0, 0, List.of()));
            // one price rule: the summary's cost is the table's batch price of these tokens, as status.json's is
            Price price = Prices.of(ExperimentFixture.MODEL_ID, Optional.empty()).orElseThrow();
            assertThat(summary.cost()).isEqualByComparingTo(price.batchCost(promptTokens, completionTokens));
            RunStatus status = RunStatusStore.read(fixture.store, run);
            assertThat(status.tokens().prompt()).isEqualTo(promptTokens);
            assertThat(status.tokens().completion()).isEqualTo(completionTokens);
            assertThat(status.cost().collected()).isEqualByComparingTo(summary.cost());
            assertThat(summary.created()).isNotNull();
            assertThat(summary.lastResult()).isNotNull();
            assertThat(summary.secondsToLastResult()).isNotNegative();
        }
    }
}
