package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.FaultSettings;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** collect-results runs beside prepare-and-submit: a batch that finishes early is collected then. */
@ExtendWith(ProviderProperties.class)
class ExperimentJobCollectWhileSubmittingTest {

    /** 40 ms per call, one partition: 60 users take about 5 s to submit; a batch finishes 0.7 s after it is made. */
    private static final FaultSettings SLOW_CALLS = FaultSettings.none().withLatency(Duration.ofMillis(40));
    private static final int USERS = 60;

    @Test
    void batchesFinishingWhileOthersAreSubmittedAreCollectedBeforeSubmittingEnds(@TempDir Path dir)
            throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given
            List<String> users = fixture.writePosts(USERS);
            RunId run = fixture.createRun();
            fixture.emulator.setFaults(SLOW_CALLS);
            ExperimentTree tree = new ExperimentTree(fixture.store);

            // when
            long execution = JobRuntime.start(onePartition(fixture, run));
            await().atMost(JobRuntime.DEADLINE).pollInterval(Duration.ofMillis(20))
                    .until(() -> anyResults(fixture, run, users));
            int createdWhenFirstCollected = fixture.emulator.counts().batchesPerRunUser().size();
            JobExecution ended = JobRuntime.awaitEnd(execution);

            // then: the first results.json came while most users were still to be submitted, and the run completed
            assertThat(createdWhenFirstCollected).isLessThan(USERS / 2);
            assertThat(ended.getBatchStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(JobRuntime.step(execution, "collect-results").getExitStatus()).isEqualTo("COLLECTED");
            RunAssertions.assertEverySubmittedOnce(fixture.emulator.counts(), run, users);
            RunAssertions.assertCompleted(tree, run, users);
        }
    }

    @Test
    void theCollectDeadlineCountsFromTheEndOfSubmitting(@TempDir Path dir) throws IOException {
        try (ExperimentFixture fixture = ExperimentFixture.start(dir)) {
            // given: a collect deadline far shorter than submitting takes
            List<String> users = fixture.writePosts(USERS);
            RunId run = fixture.createRun();
            fixture.emulator.setFaults(SLOW_CALLS);
            Properties impatient = onePartition(fixture, run);
            impatient.setProperty("collectDeadline", "300ms");

            // when
            JobExecution ended = JobRuntime.runToEnd(impatient);

            // then: everybody was submitted, and collecting went on all the while (batches finish 0.7 s after they
            // are made, submitting takes seconds); the deadline could only end the wait for the last batches
            assertThat(ended.getBatchStatus()).isIn(BatchStatus.COMPLETED, BatchStatus.STOPPED);
            assertThat(JobRuntime.step(ended.getExecutionId(), "prepare-and-submit").getBatchStatus())
                    .isEqualTo(BatchStatus.COMPLETED);
            RunAssertions.assertEverySubmittedOnce(fixture.emulator.counts(), run, users);
            assertThat(new ExperimentTree(fixture.store).status(run).steps().uploadsCompleted()).isTrue();
            assertThat(users.stream().filter(user -> Files.exists(fixture.store.resultsFile(new UserId(user), run))))
                    .hasSizeGreaterThanOrEqualTo(USERS / 2);
        }
    }

    private static Properties onePartition(ExperimentFixture fixture, RunId run) {
        Properties parameters = fixture.parameters(run);
        parameters.setProperty("partitions", "1");
        return parameters;
    }

    private static boolean anyResults(ExperimentFixture fixture, RunId run, List<String> users) {
        return users.stream().anyMatch(user -> Files.exists(fixture.store.resultsFile(new UserId(user), run)));
    }
}
