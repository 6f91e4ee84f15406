package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.control.JobProperties;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatus;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key reaches the job only through MicroProfile Config (here: a system property, read on every lookup, also
 * after the config was first used), never through the run's files.
 */
@ExtendWith(WithoutApiKey.class)
class ExperimentJobApiKeyTest {

    @Test
    void missingKeyFailsTheCheckAndARestartWithTheKeyContinuesTheSameRun(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a job started from a config while no key is configured
            fixture.writePosts(6);
            Properties parameters = new Properties();
            parameters.setProperty(JobProperties.CONFIG, fixture.writeConfig().toString());
            parameters.setProperty(JobProperties.EXPERIMENTS_ROOT, fixture.root.toString());

            // when
            JobExecution failed = JobRuntime.runToEnd(parameters);

            // then: it fails before calling the provider, saying where the key goes
            assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(fixture.emulator.counts().totalCalls()).isZero();
            ExperimentTree tree = new ExperimentTree(fixture.store);
            RunId run = tree.onlyRun();
            RunStatus status = tree.status(run);
            assertThat(status.state()).isEqualTo(State.FAILED);
            assertThat(status.lastError()).startsWith("check-provider: ")
                    .contains(ProviderSettings.GROQ_API_KEY).contains(ProviderSettings.API_KEY);
            assertThat(ConfigProvider.getConfig().getOptionalValue(ProviderSettings.API_KEY, String.class)).isEmpty();

            // when: the key is set after MicroProfile Config was first used, and the job restarted as it was started
            System.setProperty(ProviderSettings.API_KEY, "test-key-not-a-secret");
            JobExecution restarted = JobRuntime.awaitEnd(JobRuntime.restart(failed.getExecutionId(), parameters));

            // then: the same run completes; no second run was created
            assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(fixture.store.runs()).containsExactly(run);
            RunStatus completed = tree.status(run);
            assertThat(completed.state()).isEqualTo(State.COMPLETED);
            assertThat(completed.counts()).isEqualTo(new RunStatus.Counts(6, 6, 6, 6, 0, 0));
            assertThat(completed.lastError()).isNull();
            assertThat(completed.jobExecutionId()).as("the execution that did the work, found without runId")
                    .isEqualTo(restarted.getExecutionId());
        }
    }
}
