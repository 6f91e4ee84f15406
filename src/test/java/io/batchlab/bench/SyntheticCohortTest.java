package io.batchlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.input.UserRecords;
import io.batchlab.store.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCohortTest {

    @TempDir
    Path dir;

    @Test
    void writesAValidConfigWhoseInputHoldsEveryUserWithTheRequestedRecords() throws Exception {
        // given
        var pacing = new SyntheticCohort.ProviderPacing(8, 200, "1s");

        // when
        SyntheticCohort cohort = SyntheticCohort.write(dir.resolve("cohort"), 7, 3, pacing);

        // then
        ExperimentConfig config = ExperimentConfigLoader.load(cohort.config());
        assertThat(config.provider().maxConcurrency()).isEqualTo(8);
        assertThat(config.provider().requestsPerSecond()).isEqualTo(200.0);
        try (UserRecords records = UserRecords.open(config.input(), Files.createDirectories(dir.resolve("work")))) {
            List<UserId> users = new ArrayList<>();
            records.users().forEachRemaining(users::add);
            assertThat(users).hasSize(7).contains(UserId.of(SyntheticCohort.userId(0), "test"));
            assertThat(records.recordsOf(users.get(0))).hasSize(3);
        }
    }

    @Test
    void writesTheSameBytesEveryTime() throws Exception {
        // given
        var pacing = new SyntheticCohort.ProviderPacing(4, 5, "30s");

        // when
        SyntheticCohort.write(dir.resolve("a"), 50, 2, pacing);
        SyntheticCohort.write(dir.resolve("b"), 50, 2, pacing);

        // then
        assertThat(Files.readAllBytes(dir.resolve("a/posts.jsonl")))
                .isEqualTo(Files.readAllBytes(dir.resolve("b/posts.jsonl")));
    }
}
