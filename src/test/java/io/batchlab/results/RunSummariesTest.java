package io.batchlab.results;

import static io.batchlab.results.RunExportTest.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummariesTest {

    static final RunId RUN = RunId.parse("20240408_CT_DS70B_001");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    ExperimentStore store;

    /** This class's run of six users under {@code dir}, for the tests of other readers of the same files. */
    static ExperimentStore runOfSixUsers(Path dir) throws IOException {
        RunSummariesTest fixture = new RunSummariesTest();
        fixture.dir = dir;
        fixture.runOfSixUsers();
        return fixture.store;
    }

    @BeforeEach
    void runOfSixUsers() throws IOException {
        store = ExperimentStore.open(dir.resolve("experiments"));
        Files.createDirectories(store.runDir(RUN));
        Files.writeString(store.configFile(RUN), """
                experiment: {type: CT, description: summary test, time_zone: Europe/Berlin}
                model: {code: DS70B, id: openai/gpt-oss-20b}
                prompt:
                  user: "{{text}}"
                  allowed_answers: [favor, against, neutral]
                input:
                  jsonl: posts.jsonl
                  requests: per_record
                """);
        UsersFile.write(store.usersFile(RUN), List.of("complete", "partial", "errors", "skipped", "submitted", "new")
                .stream().map(UserId::new).iterator());
        // created 2024-04-08 12:00:00 in Berlin (10:00 UTC)
        new RunStatusStore(store, Clock.fixed(Instant.parse("2024-04-08T10:00:00Z"), BERLIN), BERLIN)
                .create(RUN, "summary test");
        writeUser("complete", List.of("r00001", "r00002", "r00003"), "completed", List.of(
                answer("r00001", "**Favor**.", "req_a1", 12, 3),
                answer("r00002", "against", "req_a2", 30, 9),
                answer("r00003", "<think>hm</think>Neutral", "req_a3", 7, 1)),
                List.of(), "2024-04-08T10:05:00Z");
        // one off-list answer, one provider error, one request the expired batch never answered
        writeUser("partial", List.of("r00001", "r00002", "r00003"), "expired",
                List.of(answer("r00001", "I'd say favor", "req_b1", 5, 2)),
                List.of(error("r00002")), "2024-04-08T11:30:15Z");
        writeUser("errors", List.of("r00001", "r00002"), "completed", List.of(),
                List.of(error("r00001"), error("r00002")), "2024-04-08T10:10:00Z");
        UserResults.writeSkipped(store, RUN, new UserId("skipped"), Provenance.of(store, RUN),
                "record 3: no field \"text\"");
        Files.setLastModifiedTime(store.resultsFile(new UserId("skipped"), RUN),
                FileTime.from(Instant.parse("2024-04-08T10:01:00Z")));
        writeBatch("submitted", List.of("r00001", "r00002"));
    }

    @Test
    void countsEveryRequestByStatusWithTheAnswerDistributionAndOffListRate() throws IOException {
        // when
        RunSummary summary = RunSummaries.of(store, RUN);

        // then
        assertThat(summary.runId()).isEqualTo(RUN.toString());
        assertThat(summary.model()).isEqualTo("openai/gpt-oss-20b");
        assertThat(summary.users()).isEqualTo(6);
        assertThat(summary.requests()).isEqualTo(12);
        assertThat(summary.byStatus()).isEqualTo(new RunSummary.ByStatus(4, 3, 4, 1));
        assertThat(summary.answers().allowedAnswers()).containsExactly("favor", "against", "neutral");
        assertThat(summary.answers().distribution()).containsExactly(
                new RunSummary.AnswerCount("favor", 1, 0.25), new RunSummary.AnswerCount("against", 1, 0.25),
                new RunSummary.AnswerCount("neutral", 1, 0.25));
        assertThat(summary.answers().answered()).isEqualTo(4);
        assertThat(summary.answers().offList()).isEqualTo(1);
        assertThat(summary.answers().offListRate()).isEqualTo(0.25);
    }

    @Test
    void sumsTokensAndCostsThemAtTheTablesBatchPrice() throws IOException {
        // when
        RunSummary summary = RunSummaries.of(store, RUN);

        // then: prompt 12+30+7+5, completion 3+9+1+2, reasoning and cached a third of each (rounded down)
        assertThat(summary.tokens()).isEqualTo(new RunSummary.Tokens(54, 15, 4, 17));
        io.batchlab.cost.Price price = io.batchlab.cost.PriceTable.shipped().find("openai/gpt-oss-20b").orElseThrow();
        // (54 × input + 15 × output) / 1e6, half price
        java.math.BigDecimal expected = price.inputPerMillion().multiply(java.math.BigDecimal.valueOf(54))
                .add(price.outputPerMillion().multiply(java.math.BigDecimal.valueOf(15)))
                .divide(java.math.BigDecimal.valueOf(2_000_000));
        assertThat(summary.cost()).isEqualByComparingTo(expected);
        assertThat(summary.toJson().getJsonNumber("cost").bigDecimalValue()).isEqualByComparingTo(expected);
        assertThat(summary.price()).contains("groq.com/pricing").contains("as of 2026-12-02");
    }

    @Test
    void aModelWithoutPriceHasUnknownCostAndAModelPriceOverridesTheTable() throws IOException {
        // given
        String config = Files.readString(store.configFile(RUN));
        Files.writeString(store.configFile(RUN), config.replace("id: openai/gpt-oss-20b", "id: qwen/qwen3.6-27b"));

        // when
        RunSummary unknown = RunSummaries.of(store, RUN);
        Files.writeString(store.configFile(RUN), config.replace("id: openai/gpt-oss-20b}",
                "id: openai/gpt-oss-20b, price: {input: 1, output: 2, batch_discount: 0}}"));
        RunSummary overridden = RunSummaries.of(store, RUN);

        // then
        assertThat(unknown.cost()).isNull();
        assertThat(unknown.toJson().get("cost")).isEqualTo(jakarta.json.JsonValue.NULL);
        assertThat(unknown.price()).isNull();
        // 54 prompt tokens at 1 USD and 15 completion tokens at 2 USD per million, no discount
        assertThat(overridden.cost()).isEqualByComparingTo("0.000084");
        assertThat(overridden.price()).contains("model.price in config.yaml");
    }

    @Test
    void groupsWhatIsMissingByErrorCodeWithUsersAndRequests() throws IOException {
        // when
        RunSummary.Missing missing = RunSummaries.of(store, RUN).missing();

        // then
        assertThat(missing.users()).isEqualTo(5);
        assertThat(missing.requests()).isEqualTo(8);
        assertThat(missing.byReason()).containsExactly(
                new RunSummary.Reason("context_length_exceeded", 2, 3),
                new RunSummary.Reason(RunExport.NOT_COLLECTED, 1, 2),
                new RunSummary.Reason("missing", 1, 1),
                new RunSummary.Reason(RunExport.NOT_PREPARED, 1, 1),
                new RunSummary.Reason(RunExport.SKIPPED, 1, 1));
    }

    @Test
    void timesTheRunFromItsCreationToItsNewestResultInTheRunsZone() throws IOException {
        // when
        RunSummary summary = RunSummaries.of(store, RUN);

        // then: 11:30:15 UTC is 13:30:15 in Berlin
        assertThat(summary.created()).isEqualTo(LocalDateTime.parse("2024-04-08T12:00:00"));
        assertThat(summary.lastResult()).isEqualTo(LocalDateTime.parse("2024-04-08T13:30:15"));
        assertThat(summary.secondsToLastResult()).isEqualTo(5415);
    }

    @Test
    void jsonHasTheDocumentedSnakeCaseFields() throws IOException {
        // when
        JsonObject json = RunSummaries.of(store, RUN).toJson();

        // then
        assertThat(json.keySet()).containsExactly("run_id", "model", "users", "requests", "by_status", "answers",
                "tokens", "cost", "missing", "created", "last_result", "seconds_to_last_result", "config_sha256",
                "price");
        assertThat(json.getJsonObject("by_status").toString())
                .isEqualTo("{\"answered\":4,\"error\":3,\"unanswered\":4,\"skipped\":1}");
        assertThat(json.getJsonObject("answers").keySet())
                .containsExactly("allowed_answers", "answered", "distribution", "off_list", "off_list_rate");
        assertThat(json.getJsonObject("answers").getJsonNumber("off_list_rate").doubleValue()).isEqualTo(0.25);
        assertThat(json.getJsonObject("tokens").toString())
                .isEqualTo("{\"prompt\":54,\"completion\":15,\"reasoning\":4,\"cached\":17}");
        assertThat(json.getJsonObject("missing").getJsonArray("by_reason").getJsonObject(0).toString())
                .isEqualTo("{\"code\":\"context_length_exceeded\",\"users\":2,\"requests\":3}");
        assertThat(json.getString("created")).isEqualTo("2024-04-08T12:00:00");
        assertThat(json.getString("last_result")).isEqualTo("2024-04-08T13:30:15");
        assertThat(json.getInt("seconds_to_last_result")).isEqualTo(5415);
        // a status.json from before config_sha256 existed
        assertThat(json.isNull("config_sha256")).isTrue();
    }

    @Test
    void anOpenTargetHasNoAnswerDistribution() throws IOException {
        // given
        Files.writeString(store.configFile(RUN), """
                experiment: {type: CT, description: open, time_zone: UTC}
                model: {code: DS70B, id: openai/gpt-oss-20b}
                prompt: {user: "{{text}}"}
                input: {jsonl: posts.jsonl}
                """);

        // when
        RunSummary summary = RunSummaries.of(store, RUN);

        // then
        assertThat(summary.answers()).isNull();
        assertThat(summary.toJson().isNull("answers")).isTrue();
        assertThat(summary.byStatus().answered()).isEqualTo(4);
    }

    private static JsonObject error(String customId) {
        return Json.createObjectBuilder().add("custom_id", customId).add("response",
                Json.createObjectBuilder().add("status_code", 400).add("request_id", "req_" + customId)
                        .add("body", Json.createObjectBuilder().add("error", Json.createObjectBuilder()
                                .add("code", "context_length_exceeded")
                                .add("message", "too long")))).build();
    }

    void writeUser(String user, List<String> customIds, String batchStatus, List<JsonObject> output,
                           List<JsonObject> errors, String writtenAt) throws IOException {
        writeBatch(user, customIds);
        Path outputFile = dir.resolve(user + "-output.jsonl");
        Path errorFile = dir.resolve(user + "-errors.jsonl");
        Files.writeString(outputFile, lines(output));
        Files.writeString(errorFile, lines(errors));
        UserResults.write(store, RUN, new UserId(user), Provenance.of(store, RUN),
                Json.createObjectBuilder().add("id", "batch_" + user).add("status", batchStatus).build(),
                outputFile, errorFile);
        Files.setLastModifiedTime(store.resultsFile(new UserId(user), RUN),
                FileTime.from(Instant.parse(writtenAt).atOffset(ZoneOffset.UTC).toInstant()));
    }

    private void writeBatch(String user, List<String> customIds) throws IOException {
        store.userRunDir(new UserId(user), RUN);
        Files.writeString(store.batchFile(new UserId(user), RUN), lines(customIds.stream()
                .map(id -> Json.createObjectBuilder().add("custom_id", id).add("method", "POST").build()).toList()),
                StandardCharsets.UTF_8);
    }

    private static String lines(List<JsonObject> objects) {
        StringBuilder text = new StringBuilder();
        objects.forEach(object -> text.append(object).append('\n'));
        return text.toString();
    }
}
