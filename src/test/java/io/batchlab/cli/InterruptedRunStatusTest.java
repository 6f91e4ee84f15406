package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.control.RunLease;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatusStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crashed process leaves status.json saying RUNNING; {@code batchlab status} tells it apart by the run lock. */
class InterruptedRunStatusTest {

    @TempDir
    Path root;

    private ExperimentStore store;
    private RunId run;

    @BeforeEach
    void runLeftRunningByACrash() throws IOException {
        store = ExperimentStore.open(root);
        run = store.allocateRun("CT", "GPT120B", LocalDate.of(2024, 4, 8));
        RunStatusStore statuses = new RunStatusStore(store, Clock.systemUTC(), ZoneOffset.UTC);
        statuses.create(run, "crashed run");
        statuses.update(run, status -> status.withState(State.RUNNING));
    }

    @Test
    void runningRunWithoutAProcessIsShownInterruptedWithTheRestartCommand() {
        // when
        CliOutput detail = CliOutput.of("--experiments", root.toString(), "status", run.toString());
        CliOutput table = CliOutput.of("--experiments", root.toString(), "status");

        // then
        assertThat(detail.exitCode()).isZero();
        assertThat(detail.stdout()).contains("it was interrupted", "continue it with: batchlab restart " + run);
        assertThat(table.stdout()).containsPattern(run + "\\s+INTERRUPTED");
    }

    @Test
    void runningRunWhoseLockIsHeldIsShownRunning() throws IOException {
        // given
        try (RunLease lease = RunLease.forProcess(store, run)) {

            // when
            CliOutput detail = CliOutput.of("--experiments", root.toString(), "status", run.toString());
            CliOutput table = CliOutput.of("--experiments", root.toString(), "status");

            // then
            assertThat(detail.stdout()).doesNotContain("interrupted");
            assertThat(table.stdout()).containsPattern(run + "\\s+RUNNING");
        }
    }
}
