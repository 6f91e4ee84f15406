package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.batchlab.provider.ProviderSettings;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every job execution recounts the run from its files before it shows anything, not only at a step's end. */
class ExperimentJobRecountTest {

    @BeforeEach
    void providerProperties() {
        assumeTrue(System.getenv(ProviderSettings.GROQ_API_KEY) == null, "GROQ_API_KEY is set in the environment");
        ProviderProperties.install();
    }

    @AfterEach
    void restore() {
        ProviderProperties.restore();
    }

    @Test
    void anExecutionThatFailsBeforeAnyStepEndStillShowsTheCountsOfTheFiles(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a finished run whose status.json then drifted into the numbers of issue 18, and one user whose
            // results.json and upload.json are gone (as if never collected nor submitted)
            List<String> users = fixture.writePosts(6);
            RunId run = fixture.createRun();
            assertThat(JobRuntime.runToEnd(fixture.parameters(run)).getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            RunStatusStore statuses = new RunStatusStore(fixture.store, Clock.systemUTC(), ZoneOffset.UTC);
            statuses.update(run, status -> status.withCounts(new RunStatus.Counts(120, 90, 98, 144, 0, 0)));
            UserId rolledBack = UserId.of(users.get(2), "test");
            Files.delete(fixture.store.resultsFile(rolledBack, run));
            Files.delete(fixture.store.uploadFile(rolledBack, run));

            // when: an execution that fails at check-provider, before any step that used to recount has ended
            System.clearProperty(ProviderSettings.API_KEY);
            JobExecution failed = JobRuntime.runToEnd(fixture.parameters(run));

            // then
            assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
            RunStatus status = new ExperimentTree(fixture.store).status(run);
            assertThat(status.counts()).isEqualTo(new RunStatus.Counts(6, 6, 5, 5, 0, 0));
            assertThat(status.steps()).isEqualTo(new RunStatus.Steps(true, true, false, false));
        }
    }
}
