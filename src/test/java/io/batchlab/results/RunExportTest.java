package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.batchlab.cost.Price;
import io.batchlab.cost.Prices;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunExportTest {

    static final RunId RUN = RunId.parse("20240408_CT_DS70B_001");
    static final String TRICKY = "He said \"no, never\", then\nleft;\r\nok — naïve 😀 <script>alert(1)</script>";
    static final JsonObject COMPLETED = Json.createObjectBuilder().add("id", "batch_1").add("status", "completed")
            .build();
    static final JsonObject EXPIRED = Json.createObjectBuilder().add("id", "batch_2").add("status", "expired").build();

    @TempDir
    Path dir;

    ExperimentStore store;

    @BeforeEach
    void runOfFiveUsers() throws IOException {
        store = ExperimentStore.open(dir.resolve("experiments"));
        writeRun(store, RUN, "requests: per_record", List.of("complete", "partial", "skipped", "submitted", "new"));
        // complete: three answers, one of them full of commas, quotes and line breaks
        writeUser("complete", List.of("r00001", "r00002", "r00003"), COMPLETED, List.of(
                answer("r00001", "**Favor**.", "req_a1", 12, 3),
                answer("r00002", TRICKY, "req_a2", 30, 9),
                answer("r00003", "<think>weighing, \"both\"</think>against", "req_a3", 7, 1)), List.of());
        // partial: one answered, one failed with 400, one never answered (the batch expired)
        writeUser("partial", List.of("r00001", "r00002", "r00003"), EXPIRED,
                List.of(answer("r00001", "I'd say favor", "req_b1", 5, 2)),
                List.of(Json.createObjectBuilder().add("custom_id", "r00002").add("response",
                        Json.createObjectBuilder().add("status_code", 400).add("request_id", "req_b2")
                                .add("body", Json.createObjectBuilder().add("error", Json.createObjectBuilder()
                                        .add("code", "context_length_exceeded")
                                        .add("message", "too long, by 12 tokens")))).build()));
        UserResults.writeSkipped(store, RUN, new UserId("skipped"), Provenance.of(store, RUN),
                "record 3: no field \"text\"");
        writeBatch("submitted", List.of("r00001", "r00002"));
    }

    @Test
    void csvHasOneRowPerRequestInUsersOrderWithAStableHeader() throws IOException {
        // when
        List<List<String>> rows = Rfc4180.parse(export(ExportFormat.CSV));

        // then
        assertThat(rows.get(0)).containsExactlyElementsOf(ExportRow.COLUMNS);
        assertThat(rows).allSatisfy(row -> assertThat(row).hasSize(ExportRow.COLUMNS.size()));
        List<Map<String, String>> table = rows.subList(1, rows.size()).stream().map(RunExportTest::byColumn).toList();
        assertThat(table).extracting(row -> row.get("user_id") + "/" + row.get("custom_id") + "/" + row.get("status"))
                .containsExactly("complete/r00001/answered", "complete/r00002/answered", "complete/r00003/answered",
                        "partial/r00001/answered", "partial/r00002/error", "partial/r00003/unanswered",
                        "skipped//skipped", "submitted/r00001/unanswered", "submitted/r00002/unanswered",
                        "new//unanswered");
        assertThat(table).allSatisfy(row -> {
            assertThat(row.get("run_id")).isEqualTo(RUN.toString());
            assertThat(row.get("model")).isEqualTo("openai/gpt-oss-20b");
            // the price table's rule on the row's own tokens; no tokens (nothing billed), no cost
            Price price = Prices.of("openai/gpt-oss-20b", Optional.empty()).orElseThrow();
            assertThat(row.get("cost")).isEqualTo(row.get("prompt_tokens").isEmpty() ? ""
                    : Price.text(price.batchCost(Long.parseLong(row.get("prompt_tokens")),
                            Long.parseLong(row.get("completion_tokens")))));
        });
        assertThat(table).filteredOn(row -> row.get("status").equals("answered"))
                .allSatisfy(row -> assertThat(row.get("cost")).isNotEmpty());
    }

    @Test
    void answersWithCommasQuotesAndLineBreaksComeBackExactly() throws IOException {
        // when
        List<List<String>> rows = Rfc4180.parse(export(ExportFormat.CSV));

        // then
        Map<String, String> tricky = byColumn(rows.get(2));
        assertThat(tricky.get("answer")).isEqualTo(TRICKY);
        assertThat(tricky.get("answer_allowed")).isEqualTo("false");
        assertThat(tricky.get("answer_label")).isEmpty();
        Map<String, String> thought = byColumn(rows.get(3));
        assertThat(thought.get("answer")).isEqualTo("against");
        assertThat(thought.get("reasoning")).isEqualTo("weighing, \"both\"");
    }

    @Test
    void closedTargetAnswersAreNormalisedToTheirLabel() throws IOException {
        // when
        List<Map<String, String>> table = table(export(ExportFormat.CSV));

        // then
        assertThat(table.get(0)).containsEntry("answer", "**Favor**.").containsEntry("answer_allowed", "true")
                .containsEntry("answer_label", "favor").containsEntry("record_key", "1")
                .containsEntry("prompt_tokens", "12").containsEntry("completion_tokens", "3")
                .containsEntry("reasoning_tokens", "1").containsEntry("cached_tokens", "4")
                .containsEntry("status_code", "200").containsEntry("request_id", "req_a1")
                .containsEntry("finish_reason", "stop");
        assertThat(table.get(3)).containsEntry("answer", "I'd say favor").containsEntry("answer_allowed", "false");
        assertThat(table.get(4)).containsEntry("answer_allowed", "");
    }

    @Test
    void errorsUnansweredAndSkippedUsersSayWhy() throws IOException {
        // when
        List<Map<String, String>> table = table(export(ExportFormat.CSV));

        // then
        assertThat(table.get(4)).containsEntry("status_code", "400")
                .containsEntry("error_code", "context_length_exceeded")
                .containsEntry("error_message", "too long, by 12 tokens").containsEntry("request_id", "req_b2");
        assertThat(table.get(5)).containsEntry("error_code", "missing").containsEntry("status_code", "");
        assertThat(table.get(6)).containsEntry("error_message", "record 3: no field \"text\"");
        assertThat(table.get(7)).containsEntry("error_code", RunExport.NOT_COLLECTED);
        assertThat(table.get(9)).containsEntry("error_code", RunExport.NOT_PREPARED);
    }

    @Test
    void jsonlHasTheSameRowsAsTypedJson() throws IOException {
        // given
        List<Map<String, String>> csv = table(export(ExportFormat.CSV));

        // when
        String[] lines = export(ExportFormat.JSONL).split("\n");

        // then
        assertThat(lines).hasSize(csv.size());
        for (int i = 0; i < lines.length; i++) {
            JsonObject row;
            try (JsonReader reader = Json.createReader(new StringReader(lines[i]))) {
                row = reader.readObject();
            }
            assertThat(new ArrayList<>(row.keySet())).containsExactlyElementsOf(ExportRow.COLUMNS);
            for (String column : ExportRow.COLUMNS) {
                JsonValue value = row.get(column);
                String asCsv = value == JsonValue.NULL ? "" : value instanceof jakarta.json.JsonString s
                        ? s.getString() : value.toString();
                assertThat(asCsv).as("line %d, %s", i + 1, column).isEqualTo(csv.get(i).get(column));
            }
        }
        assertThat(lines[1]).contains("\"answer_allowed\":false").contains("\"prompt_tokens\":30");
    }

    @Test
    void parquetHasTheCsvRowsAsTypedColumnsWithNullForNoValue() throws IOException {
        // given
        List<Map<String, String>> csv = table(export(ExportFormat.CSV));

        // when
        ParquetRows parquet = ParquetRows.read(exportBytes(ExportFormat.PARQUET), dir);

        // then
        assertThat(parquet.schema().getFields()).extracting(Type::getName)
                .containsExactlyElementsOf(ExportRow.COLUMNS);
        assertThat(parquet.rows()).hasSize(csv.size()).isEqualTo(parquet.typed(csv));
        Map<String, Object> tricky = parquet.rows().get(1);
        assertThat(tricky).containsEntry("answer", TRICKY).containsEntry("answer_allowed", false)
                .containsEntry("answer_label", null).containsEntry("prompt_tokens", 30L)
                .containsEntry("status_code", 200L);
        assertThat((Double) tricky.get("cost")).isPositive();
        assertThat(parquet.rows().get(6)).containsEntry("status", RunExport.SKIPPED).containsEntry("custom_id", null)
                .containsEntry("status_code", null).containsEntry("cost", null).containsEntry("answer_allowed", null);
    }

    @Test
    void parquetColumnsHaveTheDocumentedTypes() throws IOException {
        // when
        MessageType schema = ParquetRows.read(exportBytes(ExportFormat.PARQUET), dir).schema();

        // then
        Map<String, String> types = new HashMap<>();
        schema.getFields().forEach(field -> types.put(field.getName(), field.getRepetition() + " "
                + field.asPrimitiveType().getPrimitiveTypeName()
                + (field.getLogicalTypeAnnotation() == null ? "" : " " + field.getLogicalTypeAnnotation())));
        assertThat(types).containsEntry("run_id", "REQUIRED BINARY STRING")
                .containsEntry("user_id", "REQUIRED BINARY STRING").containsEntry("status", "REQUIRED BINARY STRING")
                .containsEntry("custom_id", "OPTIONAL BINARY STRING").containsEntry("answer", "OPTIONAL BINARY STRING")
                .containsEntry("answer_allowed", "OPTIONAL BOOLEAN").containsEntry("prompt_tokens", "OPTIONAL INT64")
                .containsEntry("cached_tokens", "OPTIONAL INT64").containsEntry("cost", "OPTIONAL DOUBLE")
                .containsEntry("status_code", "OPTIONAL INT64")
                .containsEntry("response_model", "OPTIONAL BINARY STRING");
        assertThat(types.values()).filteredOn(type -> type.startsWith("REQUIRED")).hasSize(3);
    }

    @Test
    void aParquetExportThatFailsHalfWayHasNoFooter() throws IOException {
        // given: the last user's results.json is cut off
        Files.writeString(store.resultsFile(new UserId("submitted"), RUN),
                "{\"status\": \"complete\", \"requests\": [");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        assertThatThrownBy(() -> RunExport.write(store, RUN, ExportFormat.PARQUET.open(out)))
                .isInstanceOf(IOException.class);

        // then: what went out starts as Parquet but has no footer, so readers refuse it (ParquetExportWriterTest
        // does the same after whole row groups went out)
        byte[] written = out.toByteArray();
        assertThat(new String(written, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThatThrownBy(() -> ParquetRows.read(written, dir)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void perUserRequestsHaveTheUserAsRecordKey(@TempDir Path other) throws IOException {
        // given
        store = ExperimentStore.open(other.resolve("experiments"));
        writeRun(store, RUN, "requests: per_user", List.of("u1"));
        writeUser("u1", List.of("user"), COMPLETED, List.of(answer("user", "neutral", "req", 1, 1)), List.of());

        // when
        List<Map<String, String>> table = table(export(ExportFormat.CSV));

        // then
        assertThat(table).singleElement().satisfies(row -> assertThat(row).containsEntry("record_key", "u1")
                .containsEntry("answer_label", "neutral"));
    }

    @Test
    void aBrokenResultsFileNamesTheFile() throws IOException {
        // given
        Files.writeString(store.resultsFile(new UserId("submitted"), RUN), "{\"status\": \"complete\", \"requests\": [");

        // then
        assertThatThrownBy(() -> export(ExportFormat.CSV)).isInstanceOf(IOException.class)
                .hasMessageContaining(store.resultsFile(new UserId("submitted"), RUN).toString());
    }

    @Test
    void readingAheadOnSeveralThreadsExportsExactlyWhatOneThreadExports() throws IOException {
        // given: a run of several read-ahead blocks, with users of every state and answers too large to read ahead
        bigMixedRun();

        for (ExportFormat format : List.of(ExportFormat.CSV, ExportFormat.JSONL)) {
            // when
            byte[] alone = exportBytes(BIG_RUN, format, 1);
            byte[] ahead = exportBytes(BIG_RUN, format, 4);

            // then
            assertThat(ahead).as(format.label()).isEqualTo(alone);
        }
        List<Map<String, String>> table = table(new String(exportBytes(BIG_RUN, ExportFormat.CSV, 4),
                StandardCharsets.UTF_8));
        assertThat(table.stream().map(row -> row.get("user_id")).distinct())
                .containsExactlyElementsOf(IntStream.range(0, BIG_RUN_USERS).mapToObj(i -> bigRunUser(i).value())
                        .toList());
        assertThat(table).filteredOn(row -> row.get("user_id").equals("big100")).extracting(row -> row.get("answer"))
                .contains("x".repeat((int) ReadAhead.BLOCK_BYTES + 1));
    }

    @Test
    void aBrokenResultsFileStopsAReadAheadExportAtTheSameFileAsOneThread() throws IOException {
        // given: a broken file in the middle of a block that the readers take on
        bigMixedRun();
        Path broken = store.resultsFile(bigRunUser(150), BIG_RUN);
        Files.writeString(broken, "{\"status\": \"complete\", \"requests\": [{\"custom_id\": ");

        // then
        String alone = catchThrowableOfType(() -> exportBytes(BIG_RUN, ExportFormat.CSV, 1), IOException.class)
                .getMessage();
        assertThat(alone).contains(broken.toString());
        assertThatThrownBy(() -> exportBytes(BIG_RUN, ExportFormat.CSV, 4)).isInstanceOf(IOException.class)
                .hasMessage(alone);
    }

    @Test
    void theCheckCountsTheRowsTheExportWritesAndFindsWhatTheExportWouldFailOn() throws IOException {
        // given
        long rows = export(ExportFormat.JSONL).lines().count();

        // then
        assertThat(RunExport.check(store, RUN)).isEqualTo(rows);

        // given: the last user's results.json cut off
        Path last = store.resultsFile(new UserId("new"), RUN);
        store.userRunDir(new UserId("new"), RUN);
        Files.writeString(last, "{\"requests\": [{\"custom_id\": \"r00001\"");

        // then
        assertThatThrownBy(() -> RunExport.check(store, RUN)).isInstanceOf(IOException.class)
                .hasMessageContaining(last.toString());
    }

    @Test
    void aResultsFileCutOffInsideAnyValueNamesTheFile() throws IOException {
        for (String cut : new String[] {"{\"run_id\": [", "{\"batch\": {\"id\": \"b\"", "{\"status\": \"complete\"",
                "{\"requests\": [{\"custom_id\": \"r00001\", \"usage\": {\"prompt_tokens\": 3"}) {
            // given
            Files.writeString(store.resultsFile(new UserId("submitted"), RUN), cut);

            // then
            assertThatThrownBy(() -> export(ExportFormat.CSV)).as(cut).isInstanceOf(IOException.class)
                    .hasMessageContaining(store.resultsFile(new UserId("submitted"), RUN).toString());
        }
    }

    @Test
    void resultsWrittenBeforeProvenanceStillExportWithTheConfigsModelAndTheImpliedKeys(@TempDir Path other)
            throws IOException {
        // given: results.json as batchlab wrote it before model, config_sha256 and record_key existed
        store = ExperimentStore.open(other.resolve("experiments"));
        writeRun(store, RUN, "requests: per_record", List.of("old"));
        writeBatch("old", List.of("r00001", "r00002"));
        Files.writeString(store.resultsFile(new UserId("old"), RUN), """
                {
                    "run_id": "%s", "user_id": "old", "status": "partial",
                    "summary": {"requests": 2, "succeeded": 1, "failed": 0, "missing": 1},
                    "batch": {"id": "batch_1", "status": "expired"},
                    "requests": [
                        {"custom_id": "r00001", "status_code": 200, "answer": "favor", "reasoning": null,
                         "finish_reason": "stop", "usage": {"prompt_tokens": 3}, "request_id": "req_1",
                         "error": null},
                        {"custom_id": "r00002", "status_code": null, "answer": null, "reasoning": null,
                         "finish_reason": null, "usage": null, "request_id": null,
                         "error": {"code": "missing", "message": "no line"}}
                    ],
                    "unanswered": ["r00002"], "problems": []
                }""".formatted(RUN));

        // when
        List<Map<String, String>> table = table(export(ExportFormat.CSV));

        // then
        assertThat(table).extracting(row -> row.get("record_key")).containsExactly("1", "2");
        assertThat(table).extracting(row -> row.get("model")).containsOnly("openai/gpt-oss-20b");
        assertThat(table).extracting(row -> row.get("response_model")).containsOnly("");
        assertThat(table).extracting(row -> row.get("status")).containsExactly(RunExport.ANSWERED,
                RunExport.UNANSWERED);
    }

    @Test
    void recordKeysFromAFieldComeFromResultsJsonOrForUncollectedUsersFromUploadJson(@TempDir Path other)
            throws IOException {
        // given: a run keyed by post_id; one user collected, one submitted but not collected, one only prepared
        store = ExperimentStore.open(other.resolve("experiments"));
        writeRun(store, RUN, "record_key: post_id", List.of("done", "waiting", "prepared"));
        writeUpload("done", Map.of("r00001", "p-10", "r00002", "p-11"));
        writeUser("done", List.of("r00001", "r00002"), COMPLETED, List.of(answer("r00001", "favor", "q1", 1, 1),
                answer("r00002", "against", "q2", 1, 1)), List.of());
        writeBatch("waiting", List.of("r00001"));
        writeUpload("waiting", Map.of("r00001", "p-20"));
        writeBatch("prepared", List.of("r00001"));

        // when
        List<Map<String, String>> table = table(export(ExportFormat.CSV));

        // then
        assertThat(table).extracting(row -> row.get("user_id") + "/" + row.get("custom_id") + "="
                + row.get("record_key")).containsExactly("done/r00001=p-10", "done/r00002=p-11",
                "waiting/r00001=p-20", "prepared/r00001=");
        assertThat(table.get(0)).containsEntry("response_model", RequestResultTest.ANSWERING_MODEL);
    }

    private void writeUpload(String user, Map<String, String> keys) throws IOException {
        store.userRunDir(new UserId(user), RUN);
        JsonObjectBuilder recorded = Json.createObjectBuilder();
        keys.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> recorded.add(e.getKey(),
                e.getValue()));
        Files.writeString(store.uploadFile(new UserId(user), RUN), Json.createObjectBuilder()
                .add("upload", Json.createObjectBuilder().add("id", "file_" + user))
                .add("batch", Json.createObjectBuilder().add("id", "batch_" + user))
                .add(RecordKeys.UPLOAD_FIELD, recorded).build().toString());
    }

    static void writeRun(ExperimentStore store, RunId run, String requests, List<String> users) throws IOException {
        Files.createDirectories(store.runDir(run));
        Files.writeString(store.configFile(run), """
                experiment: {type: CT, description: export test}
                model: {code: DS70B, id: openai/gpt-oss-20b}
                prompt:
                  user: "{{text}}"
                  allowed_answers: [favor, against, neutral]
                input:
                  jsonl: posts.jsonl
                  %s
                """.formatted(requests));
        UsersFile.write(store.usersFile(run), users.stream().map(UserId::new).iterator());
    }

    static final RunId BIG_RUN = RunId.parse("20240408_CT_DS70B_002");
    static final int BIG_RUN_USERS = 300;

    /**
     * {@link #BIG_RUN}: every 7th user not collected yet, every 11th skipped, one with a results.json larger than a
     * read-ahead block's budget, the others answered (copies of one results.json with their own ids).
     */
    private void bigMixedRun() throws IOException {
        List<UserId> users = IntStream.range(0, BIG_RUN_USERS).mapToObj(RunExportTest::bigRunUser).toList();
        writeRun(store, BIG_RUN, "requests: per_record", users.stream().map(UserId::value).toList());
        String batch = lines(List.of(Json.createObjectBuilder().add("custom_id", "r00001").build(),
                Json.createObjectBuilder().add("custom_id", "r00002").build()));
        Path output = dir.resolve("big-output.jsonl");
        Files.writeString(output, lines(List.of(answer("r00001", TRICKY, "req_1", 20, 4),
                answer("r00002", "neutral.", "req_2", 21, 5))));
        UserId template = users.get(1);
        store.userRunDir(template, BIG_RUN);
        Files.writeString(store.batchFile(template, BIG_RUN), batch);
        UserResults.write(store, BIG_RUN, template, Provenance.of(store, BIG_RUN), COMPLETED, output, null);
        String answered = Files.readString(store.resultsFile(template, BIG_RUN));
        for (int i = 0; i < users.size(); i++) {
            UserId user = users.get(i);
            store.userRunDir(user, BIG_RUN);
            Files.writeString(store.batchFile(user, BIG_RUN), batch);
            if (i % 11 == 0) {
                UserResults.writeSkipped(store, BIG_RUN, user, Provenance.of(store, BIG_RUN), "record 2: no text");
            } else if (i % 7 != 0 && i != 1) {
                String own = answered.replace("\"" + template.value() + "\"", "\"" + user.value() + "\"");
                Files.writeString(store.resultsFile(user, BIG_RUN), i == 100
                        ? own.replace("neutral.", "x".repeat((int) ReadAhead.BLOCK_BYTES + 1)) : own);
            }
        }
    }

    private static UserId bigRunUser(int i) {
        return new UserId(String.format("big%03d", i));
    }

    private byte[] exportBytes(RunId run, ExportFormat format, int readers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunExport.write(store, run, format.open(out), readers);
        return out.toByteArray();
    }

    private String export(ExportFormat format) throws IOException {
        return new String(exportBytes(format), StandardCharsets.UTF_8);
    }

    private byte[] exportBytes(ExportFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunExport.write(store, RUN, format.open(out));
        return out.toByteArray();
    }

    private void writeUser(String user, List<String> customIds, JsonObject batch, List<JsonObject> output,
                           List<JsonObject> errors) throws IOException {
        writeBatch(user, customIds);
        Path outputFile = dir.resolve(user + "-output.jsonl");
        Path errorFile = dir.resolve(user + "-errors.jsonl");
        Files.writeString(outputFile, lines(output));
        Files.writeString(errorFile, lines(errors));
        UserResults.write(store, RUN, new UserId(user), Provenance.of(store, RUN), batch, outputFile, errorFile);
    }

    private void writeBatch(String user, List<String> customIds) throws IOException {
        store.userRunDir(new UserId(user), RUN);
        Files.writeString(store.batchFile(new UserId(user), RUN), lines(customIds.stream()
                .map(id -> Json.createObjectBuilder().add("custom_id", id).add("method", "POST").build()).toList()),
                StandardCharsets.UTF_8);
    }

    static JsonObject answer(String customId, String content, String requestId, int prompt, int completion) {
        JsonObjectBuilder usage = Json.createObjectBuilder().add("prompt_tokens", prompt)
                .add("completion_tokens", completion)
                .add("prompt_tokens_details", Json.createObjectBuilder().add("cached_tokens", prompt / 3))
                .add("completion_tokens_details", Json.createObjectBuilder().add("reasoning_tokens", completion / 3));
        return Json.createObjectBuilder().add("custom_id", customId).add("response", Json.createObjectBuilder()
                .add("status_code", 200).add("request_id", requestId).add("body", Json.createObjectBuilder()
                        .add("model", RequestResultTest.ANSWERING_MODEL)
                        .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("message", Json.createObjectBuilder().add("content", content))
                                .add("finish_reason", "stop")))
                        .add("usage", usage))).build();
    }

    private static String lines(List<JsonObject> objects) {
        StringBuilder text = new StringBuilder();
        objects.forEach(object -> text.append(object).append('\n'));
        return text.toString();
    }

    static List<Map<String, String>> table(String csv) {
        List<List<String>> rows = Rfc4180.parse(csv);
        return rows.subList(1, rows.size()).stream().map(RunExportTest::byColumn).toList();
    }

    static Map<String, String> byColumn(List<String> row) {
        Map<String, String> byColumn = new HashMap<>();
        IntStream.range(0, row.size()).forEach(i -> byColumn.put(ExportRow.COLUMNS.get(i), row.get(i)));
        return byColumn;
    }
}
