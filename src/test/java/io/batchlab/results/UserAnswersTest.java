package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserAnswersTest {

    private ExperimentStore store;

    @BeforeEach
    void runOfSixUsers(@TempDir Path dir) throws Exception {
        // complete, partial, errors, skipped, submitted (batch.jsonl only), new (nothing)
        store = RunSummariesTest.runOfSixUsers(dir);
    }

    @Test
    void eachRequestShowsItsAnswerOrItsError() throws Exception {
        // when
        JsonObject user = UserAnswers.of(store, new UserId("partial"), List.of(RunSummariesTest.RUN));

        // then
        JsonObject run = user.getJsonArray("runs").getJsonObject(0);
        assertThat(run.getString("state")).isEqualTo("partial");
        assertThat(run.getInt("requests_total")).isEqualTo(3);
        assertThat(run.getJsonArray("requests").stream().map(JsonValue::asJsonObject)
                .map(r -> r.getString("custom_id") + " " + (r.isNull("error") ? "answer " + r.getString("answer")
                        : "error " + r.getJsonObject("error").getString("code"))).toList())
                .containsExactly("r00001 answer I'd say favor", "r00002 error context_length_exceeded",
                        "r00003 error missing");
        assertThat(run.getJsonArray("requests").getJsonObject(0).keySet())
                .containsExactly("custom_id", "record_key", "answer", "error");
    }

    @Test
    void aSkippedUserShowsWhyAndAUserWithoutResultsIsPending() throws Exception {
        // when
        JsonObject skipped = UserAnswers.of(store, new UserId("skipped"), List.of(RunSummariesTest.RUN));
        JsonObject pending = UserAnswers.of(store, new UserId("new"), List.of(RunSummariesTest.RUN));

        // then
        assertThat(skipped.getJsonArray("runs").getJsonObject(0).getString("reason"))
                .isEqualTo("record 3: no field \"text\"");
        assertThat(pending.getJsonArray("runs").getJsonObject(0).getString("state")).isEqualTo("pending");
        assertThat(pending.getJsonArray("runs").getJsonObject(0).getJsonArray("requests")).isEmpty();
    }
}
