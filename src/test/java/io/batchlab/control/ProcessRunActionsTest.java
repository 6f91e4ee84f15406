package io.batchlab.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batchlab serve}'s actions: the CLI's refusals, and restart and retry as processes of their own. */
class ProcessRunActionsTest {

    private static final RunId RUN = RunId.parse("20240408_CT_DS70B_001");

    @TempDir
    Path root;
    private ExperimentStore store;
    private final List<List<String>> started = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    /** The process each launch starts: one that ends at once with this exit code. */
    private int exitCode;
    private ProcessRunActions actions;

    @BeforeEach
    void runOfTwoUsers() throws IOException {
        store = ExperimentStore.open(root);
        Files.createDirectories(store.runDir(RUN));
        UsersFile.write(store.usersFile(RUN), List.of(new UserId("u1"), new UserId("u2")).iterator());
        new RunStatusStore(store, Clock.systemUTC(), ZoneOffset.UTC).create(RUN, "actions test");
        actions = new ProcessRunActions(store, (arguments, log) -> {
            started.add(arguments);
            logs.add(log);
            return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    exitCode == 0 ? "-version" : "-no-such-option").start();
        });
    }

    @Test
    void stopOfARunNoProcessHoldsIsRefusedAsBatchlabStopRefusesIt() {
        assertThatThrownBy(() -> actions.stop(RUN))
                .isInstanceOfSatisfying(RunStateException.class, e -> assertThat(e.reason())
                        .isEqualTo(RunStateException.Reason.NOT_RUNNING))
                .hasMessage("run " + RUN + " is not running in any batchlab process");
        assertThat(StopRequests.isRequested(store, RUN)).isFalse();
    }

    @Test
    void stopOfARunAProcessHoldsLeavesItAStopRequest() throws IOException {
        try (RunLease working = RunLease.forProcess(store, RUN)) {
            // when
            actions.stop(RUN);

            // then
            assertThat(StopRequests.isRequested(store, RUN)).isTrue();
        }
    }

    @Test
    void restartWhileAProcessHoldsTheRunIsRefusedNamingItAndStartsNothing() throws IOException {
        try (RunLease working = RunLease.forProcess(store, RUN)) {
            assertThatThrownBy(() -> actions.restart(RUN, new Properties()))
                    .isInstanceOfSatisfying(RunStateException.class, e -> assertThat(e.reason())
                            .isEqualTo(RunStateException.Reason.RUNNING))
                    .hasMessageStartingWith("run " + RUN + " is already running: process "
                            + ProcessHandle.current().pid() + " on ")
                    .hasMessageEndingWith(" works on it; stop it first");
            assertThatThrownBy(() -> actions.retry(RUN))
                    .hasMessageEndingWith("; let it end (or stop it) before asking again what is missing");
        }
        assertThat(started).isEmpty();
    }

    @Test
    void restartOfACompletedRunIsRefusedAndStartsNothing() throws IOException {
        // given
        new RunStatusStore(store, Clock.systemUTC(), ZoneOffset.UTC)
                .update(RUN, status -> status.withState(RunStatus.State.COMPLETED));

        // then
        assertThatThrownBy(() -> actions.restart(RUN, new Properties()))
                .isInstanceOfSatisfying(RunStateException.class, e -> assertThat(e.reason())
                        .isEqualTo(RunStateException.Reason.COMPLETE))
                .hasMessage("run " + RUN + " is already complete: its status.json says COMPLETED");
        assertThat(started).isEmpty();
    }

    @Test
    void restartStartsBatchlabRestartWithThisExecutionsCostCapLoggingUnderBatchlabLogs() {
        // given
        Properties parameters = new Properties();
        parameters.setProperty(JobProperties.MAX_COST, "2.50");

        // when
        var execution = actions.restart(RUN, parameters);

        // then: the process runs the job, this one knows no execution
        assertThat(execution).isEmpty();
        assertThat(started).containsExactly(List.of("restart", RUN.toString(), "--max-cost", "2.50"));
        assertThat(logs.get(0).getParent()).isEqualTo(store.workDir().resolve("logs"));
        assertThat(logs.get(0).getFileName().toString()).startsWith(RUN + "-restart-").endsWith(".log");
    }

    @Test
    void aRestartProcessThatEndsAtOnceWithAnErrorIsARefusalNamingItsLog() {
        // given
        exitCode = 1;

        // then
        assertThatThrownBy(() -> actions.restart(RUN, new Properties()))
                .isInstanceOfSatisfying(RunStateException.class, e -> assertThat(e.reason())
                        .isEqualTo(RunStateException.Reason.REFUSED))
                .hasMessageStartingWith("batchlab restart " + RUN + " ended at once (exit ")
                .hasMessageContaining("see " + store.workDir().resolve("logs"));
    }

    @Test
    void retryOfARunWhoseUsersAreNotAllCollectedIsRefusedAndStartsNothing() {
        assertThatThrownBy(() -> actions.retry(RUN))
                .isInstanceOfSatisfying(RunStateException.class, e -> assertThat(e.reason())
                        .isEqualTo(RunStateException.Reason.UNFINISHED))
                .hasMessageStartingWith("run " + RUN + " has 2 users without results.json yet (first: u1)");
        assertThat(started).isEmpty();
    }
}
