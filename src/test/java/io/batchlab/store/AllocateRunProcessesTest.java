package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Heavy proof: run ids stay unique when separate JVMs allocate at the same moment. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AllocateRunProcessesTest {

    private static final int PROCESSES = 50;

    @TempDir
    Path root;

    @Test
    void fiftyProcessesAllocatingAtOnceGetFiftyDistinctIds() throws Exception {
        // given
        ExperimentStore store = ExperimentStore.open(root);
        try (ChildProcesses children = new ChildProcesses()) {
            children.start(PROCESSES, AllocateRunMain.class, root, root.toString(), "CT", "DS70B", "2024-04-08");

            // when
            children.go();
            List<String> ids = children.awaitOutputs(Duration.ofMinutes(3)).stream()
                    .flatMap(List::stream).toList();

            // then
            assertThat(ids).hasSize(PROCESSES).doesNotHaveDuplicates();
            List<String> expected = IntStream.rangeClosed(1, PROCESSES)
                    .mapToObj(i -> String.format("20240408_CT_DS70B_%03d", i)).toList();
            assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(store.runs()).extracting(RunId::toString).containsExactlyElementsOf(expected);
        }
    }
}
