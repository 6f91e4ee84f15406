package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.UserId;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserAnswersTest {

    private ExperimentStore store;

    @TempDir
    Path dir;

    @BeforeEach
    void runOfSixUsers() throws Exception {
        // complete, partial, errors, skipped, submitted (batch.jsonl only), new (nothing)
        store = RunSummariesTest.runOfSixUsers(dir);
    }

    @Test
    void aUserOfManyRequestsIsPagedInBatchFileOrderWithTheTotalOnEveryPage() throws Exception {
        // given: 1,203 requests, batch.jsonl from r01203 down to r00001, answered in another order
        List<String> batchOrder = IntStream.rangeClosed(1, 1203).map(i -> 1204 - i)
                .mapToObj(i -> String.format("r%05d", i)).toList();
        List<String> answerOrder = new ArrayList<>(batchOrder);
        Collections.shuffle(answerOrder, new Random(16));
        RunSummariesTest fixture = new RunSummariesTest();
        fixture.dir = dir;
        fixture.store = store;
        fixture.writeUser("many", batchOrder, "completed", answerOrder.stream()
                .map(id -> RunExportTest.answer(id, "favor " + id, "req_" + id, 5, 1)).toList(), List.of(),
                "2024-04-08T11:00:00Z");
        UserId many = new UserId("many");

        // when
        List<JsonObject> pages = List.of(
                UserAnswers.page(store, many, RunSummariesTest.RUN, new Page(0, 500)),
                UserAnswers.page(store, many, RunSummariesTest.RUN, new Page(500, 500)),
                UserAnswers.page(store, many, RunSummariesTest.RUN, new Page(1000, 500)),
                UserAnswers.page(store, many, RunSummariesTest.RUN, new Page(1500, 500)));

        // then
        assertThat(pages).extracting(page -> page.getJsonArray("requests").size()).containsExactly(500, 500, 203, 0);
        assertThat(pages).extracting(page -> page.getJsonNumber("total").longValue()).containsOnly(1203L);
        assertThat(pages).extracting(page -> page.getString("state")).containsOnly("complete");
        List<String> shown = pages.stream().flatMap(page -> page.getJsonArray("requests").stream())
                .map(JsonValue::asJsonObject).map(r -> r.getString("custom_id")).toList();
        assertThat(shown).isEqualTo(batchOrder);
        JsonObject last = pages.get(2).getJsonArray("requests").getJsonObject(202);
        assertThat(last.getString("custom_id")).isEqualTo("r00001");
        assertThat(last.getString("answer")).isEqualTo("favor r00001");
    }

    @Test
    void aPageOutsideTheAllowedRangeNamesTheParameterAndTheRange() {
        assertThatThrownBy(() -> new Page(-1, 50)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset must be 0 or more (given -1)");
        assertThatThrownBy(() -> new Page(0, 501)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be 1 to 500 (given 501)");
        assertThatThrownBy(() -> new Page(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be 1 to 500 (given 0)");
    }

    @Test
    void aUserWithABatchButNoResultsShowsTheRequestsAsNotCollectedYet() throws Exception {
        // when
        JsonObject submitted = UserAnswers.page(store, new UserId("submitted"), RunSummariesTest.RUN, new Page(0, 50));

        // then
        assertThat(submitted.getString("state")).isEqualTo("prepared");
        assertThat(submitted.getJsonArray("requests")).isNotEmpty().allSatisfy(r -> assertThat(
                r.asJsonObject().getJsonObject("error").getString("code")).isEqualTo(RunExport.NOT_COLLECTED));
    }

    @Test
    void eachRequestShowsItsAnswerOrItsError() throws Exception {
        // when
        JsonObject user = UserAnswers.of(store, new UserId("partial"), List.of(RunSummariesTest.RUN));

        // then
        JsonObject run = user.getJsonArray("runs").getJsonObject(0);
        assertThat(run.getString("state")).isEqualTo("partial");
        assertThat(run.getInt("total")).isEqualTo(3);
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
