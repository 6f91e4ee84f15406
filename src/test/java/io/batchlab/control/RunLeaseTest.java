package io.batchlab.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLeaseTest {

    private static final RunId RUN = RunId.parse("20240408_CT_DS70B_001");

    @TempDir
    Path root;
    private ExperimentStore store;

    @BeforeEach
    void open() throws IOException {
        store = ExperimentStore.open(root);
    }

    @Test
    void secondExecutionOfARunIsRefusedNamingTheHolderUntilTheFirstEnds() throws IOException {
        // given
        RunLease first = RunLease.forExecution(store, RUN, 7);

        // then
        assertThatThrownBy(() -> RunLease.forExecution(store, RUN, 8))
                .isInstanceOf(RunLeaseException.class)
                .hasMessageContaining("run " + RUN + " is already being worked on by job execution 7 in this process");
        assertThat(RunLease.holder(store, RUN)).startsWith("process " + ProcessHandle.current().pid() + " on ")
                .contains("job execution 7");

        // when
        first.close();

        // then
        try (RunLease second = RunLease.forExecution(store, RUN, 8)) {
            assertThat(RunLease.holder(store, RUN)).contains("job execution 8");
        }
        assertThat(RunLease.isHeld(store, RUN)).isFalse();
    }

    @Test
    void aProcessLeaseLetsItsExecutionsRunOneAfterTheOther() throws IOException {
        try (RunLease process = RunLease.forProcess(store, RUN)) {
            try (RunLease execution = RunLease.forExecution(store, RUN, 1)) {
                assertThatThrownBy(() -> RunLease.forExecution(store, RUN, 2)).isInstanceOf(RunLeaseException.class);
            }
            try (RunLease next = RunLease.forExecution(store, RUN, 2)) {
                assertThat(RunLease.isHeld(store, RUN)).isTrue();
            }
            // the process still holds the run between its executions
            assertThat(RunLease.isHeld(store, RUN)).isTrue();
        }
        assertThat(RunLease.isHeld(store, RUN)).isFalse();
    }

    @Test
    void closingTwiceReleasesOnce() throws IOException {
        RunLease process = RunLease.forProcess(store, RUN);
        RunLease execution = RunLease.forExecution(store, RUN, 3);
        execution.close();
        execution.close();
        assertThat(RunLease.isHeld(store, RUN)).isTrue();
        process.close();
        assertThat(RunLease.isHeld(store, RUN)).isFalse();
    }

    @Test
    void otherRunsAreNotAffected() throws IOException {
        try (RunLease ignored = RunLease.forExecution(store, RUN, 1);
             RunLease other = RunLease.forExecution(store, RunId.parse("20240408_CT_DS70B_002"), 2)) {
            assertThat(RunLease.isHeld(store, RunId.parse("20240408_CT_DS70B_002"))).isTrue();
        }
    }
}
