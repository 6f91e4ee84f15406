package io.batchlab.request;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentSection;
import io.batchlab.config.InputConfig;
import io.batchlab.config.ModelConfig;
import io.batchlab.config.ModelParameters;
import io.batchlab.config.PromptConfig;
import io.batchlab.config.ProviderConfig;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UserRequestBuilderTest {

    private static final UserId USER = new UserId("31499533");
    private static final Path INPUT = Path.of("/data/posts.jsonl");
    private static final ModelParameters PARAMETERS = new ModelParameters(0.0, 256, 0.9, 42L, List.of("###"),
            null, null, ModelParameters.ReasoningEffort.LOW, false, null, null);
    private static final String SYSTEM = "You classify posts. Answers: {{#allowed_answers}}[{{.}}]{{/allowed_answers}}";
    private static final String PER_RECORD_USER = """
            Post {{record_index}} by {{user_id}} ({{author.name}}, {{likes}} likes, tags: {{tags}}):
            {{text}}
            Answer with one of: {{allowed_answers}}""";
    private static final String PER_USER_USER = """
            Posts of user {{user_id}}:
            {{#records}}
            {{record_index}}. {{text}}{{#author.verified}} (verified){{/author.verified}}
            {{/records}}
            Summarise the user's view.""";

    private static ExperimentConfig config(String system, String user, InputConfig.Requests requests,
                                           ModelParameters parameters) {
        return config(system, user, requests, parameters, null);
    }

    private static ExperimentConfig config(String system, String user, InputConfig.Requests requests,
                                           ModelParameters parameters, String recordKey) {
        return new ExperimentConfig(
                new ExperimentSection("CT", "test", ZoneId.of("UTC")),
                new ModelConfig("GPT120B", "openai/gpt-oss-120b", parameters),
                new ProviderConfig(URI.create("http://127.0.0.1:1/openai/v1"), "24h", 1, 1, Duration.ofSeconds(1),
                        Duration.ofHours(25)),
                new PromptConfig(system, user, List.of("favor", "against", "neutral")),
                new InputConfig(InputConfig.Kind.JSONL, INPUT, "user_id", requests, OptionalInt.empty(), 0,
                        recordKey));
    }

    private static List<JsonObject> records() throws IOException {
        return resource("records.jsonl").lines().map(UserRequestBuilderTest::parse).toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = UserRequestBuilderTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static String jsonl(List<BatchLine> lines) {
        return lines.stream().map(line -> line.toJsonLine() + "\n").collect(Collectors.joining());
    }

    @Test
    void perRecordLinesMatchTheGoldenFile() throws Exception {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(
                config(SYSTEM, PER_RECORD_USER, InputConfig.Requests.PER_RECORD, PARAMETERS));

        // when
        List<BatchLine> lines = builder.build(USER, records());

        // then
        assertThat(jsonl(lines)).isEqualTo(resource("per-record.golden.jsonl"));
    }

    @Test
    void perUserLineMatchesTheGoldenFile() throws Exception {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(
                config(null, PER_USER_USER, InputConfig.Requests.PER_USER, ModelParameters.NONE));

        // when
        List<BatchLine> lines = builder.build(USER, records());

        // then
        assertThat(jsonl(lines)).isEqualTo(resource("per-user.golden.jsonl"));
    }

    @Test
    void perRecordGivesOneLinePerRecordWithUniqueShortCustomIds() throws Exception {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(
                config(null, "{{text}}", InputConfig.Requests.PER_RECORD, ModelParameters.NONE));

        // when
        List<BatchLine> lines = builder.build(USER, records());

        // then
        assertThat(lines).extracting(BatchLine::customId).containsExactly("r00001", "r00002", "r00003");
        assertThat(lines).extracting(line -> CustomId.recordIndex(line.customId()).getAsInt())
                .containsExactly(1, 2, 3);
    }

    @Test
    void bodyHasModelMessagesThenParametersAndNoInventedResponseFormat() throws Exception {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(
                config(SYSTEM, "{{text}}", InputConfig.Requests.PER_RECORD, PARAMETERS));

        // when
        JsonObject body = builder.build(USER, records()).get(0).body();

        // then
        assertThat(body.keySet()).containsExactly("model", "messages", "temperature", "max_completion_tokens",
                "top_p", "seed", "stop", "reasoning_effort", "include_reasoning");
        assertThat(body.getString("model")).isEqualTo("openai/gpt-oss-120b");
        assertThat(body.getJsonArray("messages")).extracting(m -> m.asJsonObject().getString("role"))
                .containsExactly("system", "user");
        assertThat(body.getJsonArray("messages").getJsonObject(0).getString("content"))
                .isEqualTo("You classify posts. Answers: [favor][against][neutral]");
    }

    @Test
    void jsonLineHasExactlyTheFourBatchKeysOnOneLineAndParsesBackToTheSameBody() throws Exception {
        // given
        BatchLine line = new UserRequestBuilder(config(null, "{{text}} \u2028 end",
                InputConfig.Requests.PER_RECORD, ModelParameters.NONE)).build(USER, records()).get(1);

        // when
        String json = line.toJsonLine();

        // then
        assertThat(json).doesNotContain("\n", "\r", "\u2028").contains("\\n", "\\t", "\\\\", "\\u2028",
                "café ☕ 😀");
        JsonObject parsed = parse(json);
        assertThat(parsed.keySet()).containsExactly("custom_id", "method", "url", "body");
        assertThat(parsed.getString("method")).isEqualTo("POST");
        assertThat(parsed.getString("url")).isEqualTo("/v1/chat/completions");
        assertThat(parsed.getJsonObject("body")).isEqualTo(line.body());
        assertThat(parsed.getJsonObject("body").getJsonArray("messages").getJsonObject(0).getString("content"))
                .isEqualTo("Line one\nLine two\twith tab – café ☕ 😀 \\ backslash \u2028 end");
    }

    @Test
    void templatesAreNotHtmlEscapedAndJsonNullRendersEmpty() throws Exception {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(
                config(null, "{{text}}|{{author.name}}|", InputConfig.Requests.PER_RECORD, ModelParameters.NONE));

        // when
        BatchLine line = builder.build(USER, records()).get(2);

        // then
        assertThat(line.body().getJsonArray("messages").getJsonObject(0).getString("content"))
                .isEqualTo("<b>Parking</b> & fees doubled||");
    }

    @Test
    void numbersRenderAsWrittenWithoutExponentAndNestedListsJoinWithCommas() throws Exception {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(
                config(null, "{{a}} {{b}} {{c}} [{{d}}]", InputConfig.Requests.PER_RECORD, ModelParameters.NONE));
        JsonObject record = parse("{\"a\":1e3,\"b\":1.50,\"c\":-7,\"d\":[1,\"x\",true]}");

        // when
        BatchLine line = builder.build(USER, List.of(record)).get(0);

        // then
        assertThat(line.body().getJsonArray("messages").getJsonObject(0).getString("content"))
                .isEqualTo("1000 1.50 -7 [1, x, true]");
    }

    @Test
    void missingVariableNamesTheUserRecordVariableAndAvailableFields() throws Exception {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(
                config(null, "Post:\n{{texte}}", InputConfig.Requests.PER_RECORD, ModelParameters.NONE));

        // when
        RequestBuildException e = catchThrowableOfType(() -> builder.build(USER, records()),
                RequestBuildException.class);

        // then
        assertThat(e.user()).isEqualTo(USER);
        assertThat(e.getMessage()).contains("user 31499533, record 1", "template prompt.user line 2",
                "{{texte}}", "not defined", "author, created_at, likes, post_id, tags, text, user_id");
    }

    @Test
    void missingVariableInOnlySomeRecordsNamesTheFirstSuchRecord() throws Exception {
        // given
        List<JsonObject> records = List.of(parse("{\"text\":\"a\",\"lang\":\"en\"}"), parse("{\"text\":\"b\"}"));
        UserRequestBuilder perRecord = new UserRequestBuilder(
                config(null, "{{lang}}", InputConfig.Requests.PER_RECORD, ModelParameters.NONE));
        UserRequestBuilder perUser = new UserRequestBuilder(config(null,
                "{{#records}}{{lang}}: {{text}}{{/records}}", InputConfig.Requests.PER_USER, ModelParameters.NONE));

        // when
        RequestBuildException perRecordError = catchThrowableOfType(() -> perRecord.build(USER, records),
                RequestBuildException.class);
        RequestBuildException perUserError = catchThrowableOfType(() -> perUser.build(USER, records),
                RequestBuildException.class);

        // then
        assertThat(perRecordError.getMessage()).contains("user 31499533, record 2:", "{{lang}}");
        assertThat(perUserError.getMessage()).contains("user 31499533, record 2:", "{{lang}}",
                "records have the fields lang, text");
    }

    @Test
    void undefinedSectionIsAnErrorNotSilentlySkipped() throws Exception {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(config("{{#context}}{{.}}{{/context}}", "{{text}}",
                InputConfig.Requests.PER_RECORD, ModelParameters.NONE));

        // when
        RequestBuildException e = catchThrowableOfType(() -> builder.build(USER, records()),
                RequestBuildException.class);

        // then
        assertThat(e.getMessage()).contains("template prompt.system", "{{context}}", "not defined");
    }

    @Test
    void userWithoutRecordsIsAnErrorNamingTheUserAndTheInput() {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(
                config(null, "{{text}}", InputConfig.Requests.PER_USER, ModelParameters.NONE));

        // when
        RequestBuildException e = catchThrowableOfType(() -> builder.build(USER, List.of()),
                RequestBuildException.class);

        // then
        assertThat(e.getMessage()).isEqualTo("no records for user 31499533 in " + INPUT);
    }

    @Test
    void eachLineCarriesItsRecordsKeyAndTheLinesStayTheSame() throws Exception {
        // given: the same templates, with and without input.record_key
        List<JsonObject> records = records();
        UserRequestBuilder byPosition = new UserRequestBuilder(
                config(SYSTEM, PER_RECORD_USER, InputConfig.Requests.PER_RECORD, PARAMETERS));
        UserRequestBuilder byField = new UserRequestBuilder(
                config(SYSTEM, PER_RECORD_USER, InputConfig.Requests.PER_RECORD, PARAMETERS, "post_id"));

        // when
        List<BatchLine> positioned = byPosition.build(USER, records);
        List<BatchLine> keyed = byField.build(USER, records);

        // then
        assertThat(positioned).extracting(BatchLine::recordKey).containsExactly("1", "2", "3");
        assertThat(keyed).extracting(BatchLine::recordKey).containsExactly("900001", "900002", "900003");
        assertThat(jsonl(keyed)).isEqualTo(jsonl(positioned));
    }

    @Test
    void thePerUserLinesKeyIsTheUser() throws Exception {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(
                config(null, PER_USER_USER, InputConfig.Requests.PER_USER, ModelParameters.NONE));

        // when
        List<BatchLine> lines = builder.build(USER, records());

        // then
        assertThat(lines).singleElement().extracting(BatchLine::recordKey).isEqualTo("31499533");
    }

    @Test
    void aRecordWithoutItsKeyFailsTheUserNamingTheRecordAndTheKey() throws Exception {
        // given
        UserRequestBuilder builder = new UserRequestBuilder(
                config(null, "{{text}}", InputConfig.Requests.PER_RECORD, ModelParameters.NONE, "post_id"));
        List<JsonObject> records = List.of(parse("{\"post_id\": \"a\", \"text\": \"x\"}"),
                parse("{\"text\": \"y\"}"));

        // when
        RequestBuildException e = catchThrowableOfType(() -> builder.build(USER, records),
                RequestBuildException.class);

        // then
        assertThat(e.getMessage()).startsWith("user 31499533, record 2 (in input order) has no field \"post_id\"");
    }
}
