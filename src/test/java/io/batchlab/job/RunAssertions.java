package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatus.State;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What every finished run must show, however it got there: each user submitted once, every answer collected. */
final class RunAssertions {

    private RunAssertions() {
    }

    static void assertEverySubmittedOnce(EmulatorCounts counts, RunId run, List<String> users) {
        Map<String, Long> once = users.stream()
                .collect(Collectors.toMap(user -> ExperimentFixture.runUser(run, user), user -> 1L));
        assertThat(counts.uploadsPerRunUser()).isEqualTo(once);
        assertThat(counts.batchesPerRunUser()).isEqualTo(once);
    }

    static void assertCompleted(ExperimentTree tree, RunId run, List<String> users) throws IOException {
        for (String user : users) {
            JsonObject results = tree.results(run, user);
            assertThat(results.getString("status")).as(user).isEqualTo("complete");
            assertThat(ExperimentTree.requestCustomIds(results)).as(user)
                    .containsExactlyElementsOf(tree.batchCustomIds(run, user));
        }
        RunStatus status = tree.status(run);
        int n = users.size();
        assertThat(status.state()).isEqualTo(State.COMPLETED);
        assertThat(status.lastError()).isNull();
        assertThat(status.counts()).isEqualTo(new RunStatus.Counts(n, n, n, n, 0, 0));
        assertThat(status.steps()).isEqualTo(new RunStatus.Steps(true, true, true, true));
    }
}
