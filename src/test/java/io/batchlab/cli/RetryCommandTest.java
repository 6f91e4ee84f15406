package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.FaultSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.launcher.LocalEmulator;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batchlab retry RUN_ID [--users FILE]} in this process, against an emulator in this process. */
class RetryCommandTest {

    @TempDir
    Path dir;

    @Test
    void retryAsksAgainWhatIsMissingThenHasNothingLeftAndRefusesAStrangerInTheUsersFile() throws Exception {
        // given: a run in which one user's batch expired
        System.setProperty(ProviderSettings.API_KEY, "emulator");
        Path root = JobTestRoots.create("retry-cli-");
        try (GroqEmulator emulator = LocalEmulator.start(EmulatorSettings.defaults()
                .withDurations(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(100)))) {
            Cohort cohort = Cohort.write(dir.resolve("cohort"), 4, emulator.baseUri());
            String expiring = cohort.users().get(1);
            emulator.setFaults(FaultSettings.none().withExpireUsers(Set.of(expiring)));
            CliOutput run = CliOutput.of("--experiments", root.toString(), "run", cohort.config().toString());
            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(Summary.INCOMPLETE_RESULTS);
            RunId runId = ExperimentStore.open(root).runs().get(0);
            assertThat(run.stdout()).contains("to ask again only what is missing: batchlab retry " + runId);
            emulator.setFaults(FaultSettings.none());
            Path stranger = Files.writeString(dir.resolve("users.txt"), expiring + "\nnobody-here\n");

            // when
            CliOutput refused = CliOutput.of("--experiments", root.toString(), "retry", runId.toString(),
                    "--users", stranger.toString());
            CliOutput retry = CliOutput.of("--experiments", root.toString(), "retry", runId.toString());
            CliOutput again = CliOutput.of("--experiments", root.toString(), "retry", runId.toString());

            // then
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.stderr()).contains("users file " + stranger + " names user nobody-here, who is not "
                    + "a user of run " + runId);
            assertThat(retry.exitCode()).as(retry.stderr()).isZero();
            assertThat(retry.stdout()).contains("run " + runId + ": asking again 1 unanswered requests of 1 users")
                    .contains("results_received=true");
            assertThat(again.exitCode()).isZero();
            assertThat(again.stdout()).contains("run " + runId + ": nothing is missing: every user is complete or "
                    + "skipped; nothing was submitted");
            assertThat(emulator.counts().batchesPerRunUser()).containsEntry(runId + "/" + expiring, 2L);
        }
    }
}
