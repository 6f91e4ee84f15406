package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.store.ExperimentStore;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserProgressTest {

    private ExperimentStore store;

    @BeforeEach
    void runOfSixUsers(@TempDir Path dir) throws Exception {
        // complete, partial, errors, skipped, submitted (batch.jsonl only), new (nothing)
        store = RunSummariesTest.runOfSixUsers(dir);
    }

    @Test
    void aPageShowsEachUsersStateAndCountsInUsersJsonOrder() throws Exception {
        // when
        JsonObject page = UserProgress.page(store, RunSummariesTest.RUN, 0, 50);

        // then
        assertThat(page.getInt("total")).isEqualTo(6);
        assertThat(page.getJsonArray("users").stream().map(JsonValue::asJsonObject)
                .map(u -> u.getString("user_id") + ":" + u.getString("state") + ":" + u.get("requests") + "/"
                        + u.get("answered") + "/" + u.get("problems")).toList())
                .containsExactly("complete:complete:3/3/0", "partial:partial:3/1/2", "errors:failed:2/0/2",
                        "skipped:skipped:null/null/null", "submitted:prepared:null/null/null",
                        "new:pending:null/null/null");
    }

    @Test
    void aLaterPageStartsAtItsOffsetAndStillCountsEveryUser() throws Exception {
        // when
        JsonObject page = UserProgress.page(store, RunSummariesTest.RUN, 4, 50);

        // then
        assertThat(page.getJsonArray("users").stream().map(u -> u.asJsonObject().getString("user_id")).toList())
                .isEqualTo(List.of("submitted", "new"));
        assertThat(page.getInt("total")).isEqualTo(6);
        assertThat(UserProgress.page(store, RunSummariesTest.RUN, 6, 50).getJsonArray("users")).isEmpty();
    }

    @Test
    void aLimitOutsideOneToFiveHundredOrANegativeOffsetIsRefusedNamingTheBounds() {
        assertThatThrownBy(() -> UserProgress.page(store, RunSummariesTest.RUN, 0, 501))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit must be 1 to 500");
        assertThatThrownBy(() -> UserProgress.page(store, RunSummariesTest.RUN, -1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset must be 0 or more");
    }
}
