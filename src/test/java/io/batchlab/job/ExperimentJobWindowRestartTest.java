package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.control.JobProperties;
import io.batchlab.control.RunJobs;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus.State;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart that no window scheduler asked for (runs API, CLI, JMX through {@link RunJobs#resume}) looks at the run's
 * window again, although JBeret hands every restart the parameters of the execution before, which a scheduler's
 * start marks as inside the window.
 */
@ExtendWith(WithoutApiKey.class)
class ExperimentJobWindowRestartTest {

    /** Open one minute a year: closed whenever this test runs, but for midnight of New Year's day. */
    private static final String NEW_YEARS_MINUTE = "0 0 1 1 * for 1m";

    @Test
    void aManualRestartOfARunAWindowSchedulerStartedWaitsForTheWindowInsteadOfWorkingOutsideIt(@TempDir Path dir)
            throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a run a window scheduler started inside its window, which failed (no key yet) before any call
            fixture.writePosts(4);
            Properties parameters = new Properties();
            parameters.setProperty(JobProperties.CONFIG, fixture.writeConfig().toString());
            parameters.setProperty(JobProperties.EXPERIMENTS_ROOT, fixture.root.toString());
            parameters.setProperty(JobProperties.WINDOW, NEW_YEARS_MINUTE);
            parameters.setProperty(JobProperties.WINDOW_SCHEDULED, "true");
            JobExecution failed = JobRuntime.runToEnd(parameters);
            assertThat(failed.getBatchStatus()).isEqualTo(BatchStatus.FAILED);
            ExperimentTree tree = new ExperimentTree(fixture.store);
            RunId run = tree.onlyRun();

            // when: an operator restarts it outside its window, with the key now set
            System.setProperty(ProviderSettings.API_KEY, "test-key-not-a-secret");
            long restart = RunJobs.embedded(JobRuntime.operator(), fixture.store).resume(run, new Properties());
            JobExecution restarted = JobRuntime.awaitEnd(restart);

            // then: it stops at its window's gate, queued for the next opening, and the provider saw nothing
            assertThat(JobRuntime.operator().getParameters(restart).getProperty(JobProperties.WINDOW_SCHEDULED))
                    .isEqualTo("false");
            assertThat(restarted.getBatchStatus()).isEqualTo(BatchStatus.STOPPED);
            assertThat(restarted.getExitStatus()).isEqualTo(WindowGateBatchlet.CLOSED);
            assertThat(tree.status(run).state()).isEqualTo(State.QUEUED);
            assertThat(tree.status(run).nextWindow()).isNotNull();
            assertThat(fixture.emulator.counts().totalCalls()).isZero();
        }
    }
}
