package io.batchlab.config;

import io.batchlab.config.ModelParameters.ReasoningEffort;
import jakarta.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ExperimentConfigLoaderTest {

    static final String MINIMAL = """
            experiment:
              type: CT
              description: "Closed target experiment"
            model:
              code: GPT120B
              id: openai/gpt-oss-120b
            prompt:
              user: "Post: {{text}}. Answer with one of: {{allowed_answers}}"
              allowed_answers: [yes, no]
            input:
              jsonl: data/records.jsonl
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void createInputData() throws IOException {
        Files.createDirectories(dir.resolve("data/users"));
        Files.writeString(dir.resolve("data/records.jsonl"), "{\"user_id\":\"1\",\"text\":\"hi\"}\n");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private ConfigException failure(String yaml) throws IOException {
        Path file = write(yaml);
        return catchThrowableOfType(() -> ExperimentConfigLoader.load(file), ConfigException.class);
    }

    private static ConfigProblem only(ConfigException e) {
        assertThat(e).as("expected a ConfigException").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void minimalConfigGetsEveryDefault() throws IOException {
        // given
        Path file = write(MINIMAL);

        // when
        ExperimentConfig config = ExperimentConfigLoader.load(file);

        // then
        assertThat(config.experiment()).isEqualTo(
                new ExperimentSection("CT", "Closed target experiment", ZoneId.systemDefault()));
        assertThat(config.model()).isEqualTo(
                new ModelConfig("GPT120B", "openai/gpt-oss-120b", ModelParameters.NONE));
        assertThat(config.provider()).isEqualTo(new ProviderConfig(URI.create("https://api.groq.com/openai/v1"),
                "24h", 4, 5.0, Duration.ofSeconds(30), Duration.ofHours(25), Optional.empty(), PackConfig.DEFAULT));
        assertThat(config.prompt()).isEqualTo(new PromptConfig(null,
                "Post: {{text}}. Answer with one of: {{allowed_answers}}", List.of("yes", "no")));
        assertThat(config.input()).isEqualTo(new InputConfig(InputConfig.Kind.JSONL,
                dir.resolve("data/records.jsonl").toAbsolutePath().normalize(), "user_id",
                InputConfig.Requests.PER_RECORD, OptionalInt.empty(), 0));
    }

    @Test
    void everyKeyIsReadIntoTheRecords() throws IOException {
        // given
        Path file = write("""
                experiment:
                  type: OT
                  description: d
                  time_zone: Europe/Berlin
                model:
                  code: L70B
                  id: llama-3.3-70b-versatile
                  parameters:
                    temperature: 0.7
                    max_completion_tokens: 300
                    top_p: 1
                    seed: -5
                    stop: "END"
                    response_format: {type: json_object}
                    reasoning_effort: high
                    include_reasoning: false
                    frequency_penalty: -2
                    presence_penalty: 1.5
                provider:
                  base_url: http://127.0.0.1:8089/openai/v1/
                  completion_window: 7d
                  max_concurrency: 1
                  requests_per_second: 0.5
                  poll_interval: 500ms
                  collect_deadline: 2h
                prompt:
                  system: "Be brief."
                  user: "{{#records}}{{text}}{{/records}}"
                input:
                  directory: data/users
                  user_id_field: uid
                  requests: per_user
                  sample: {users: 20, seed: 42}
                """);

        // when
        ExperimentConfig config = ExperimentConfigLoader.load(file);

        // then
        assertThat(config.experiment().timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(config.model().parameters()).isEqualTo(new ModelParameters(0.7, 300, 1.0, -5L, List.of("END"),
                Json.createObjectBuilder().add("type", "json_object").build(), null, ReasoningEffort.HIGH, false,
                -2.0, 1.5));
        assertThat(config.provider()).isEqualTo(new ProviderConfig(URI.create("http://127.0.0.1:8089/openai/v1"),
                "7d", 1, 0.5, Duration.ofMillis(500), Duration.ofHours(2), Optional.empty(), PackConfig.DEFAULT));
        assertThat(config.prompt()).isEqualTo(new PromptConfig("Be brief.", "{{#records}}{{text}}{{/records}}",
                List.of()));
        assertThat(config.input()).isEqualTo(new InputConfig(InputConfig.Kind.DIRECTORY,
                dir.resolve("data/users").toAbsolutePath().normalize(), "uid", InputConfig.Requests.PER_USER,
                OptionalInt.of(20), 42));
    }

    @Test
    void defaultCollectDeadlineIsTheCompletionWindowPlusOneHour() throws IOException {
        // given
        Path file = write(MINIMAL + "provider:\n  completion_window: 2d\n");

        // when
        ProviderConfig provider = ExperimentConfigLoader.load(file).provider();

        // then
        assertThat(provider.completionWindow()).isEqualTo("2d");
        assertThat(provider.collectDeadline()).isEqualTo(Duration.ofHours(49));
    }

    @Test
    void yamlSyntaxErrorIsOneProblemWithSnakeYamlsPosition() throws IOException {
        // when
        ConfigException e = failure("experiment:\n  type: CT\n  description: [unclosed\nmodel: {}\n");

        // then
        ConfigProblem problem = only(e);
        assertThat(problem.file()).isEqualTo(dir.resolve("config.yaml"));
        assertThat(problem.line()).isEqualTo(4);
        assertThat(problem.message()).startsWith("YAML syntax error:");
    }

    @Test
    void emptyFileNamesTheRequiredSections() throws IOException {
        // when
        ConfigProblem problem = only(failure(""));

        // then
        assertThat(problem.line()).isZero();
        assertThat(problem.message()).contains("empty", "experiment, model, provider, prompt, input");
    }

    @Test
    void missingConfigFileIsReportedAsAProblem() {
        // given
        Path file = dir.resolve("nope.yaml");

        // when
        ConfigException e = catchThrowableOfType(() -> ExperimentConfigLoader.load(file), ConfigException.class);

        // then
        assertThat(only(e).message()).contains("cannot read the config file", "nope.yaml");
    }

    @Test
    void nonUtf8FileIsReportedAsSuch() throws IOException {
        // given
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "experiment:\n  description: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        // when
        ConfigException e = catchThrowableOfType(() -> ExperimentConfigLoader.load(file), ConfigException.class);

        // then
        assertThat(only(e).message()).contains("not UTF-8");
    }

    @Test
    void unknownKeyIsAnErrorWithADidYouMeanHint() throws IOException {
        // when
        ConfigException e = failure(MINIMAL + "provider:\n  completion_windw: 24h\n");

        // then
        ConfigProblem problem = only(e);
        assertThat(problem.line()).isEqualTo(13);
        assertThat(problem.column()).isEqualTo(3);
        assertThat(problem.key()).isEqualTo("provider.completion_windw");
        assertThat(problem.message()).contains("unknown key", "did you mean 'completion_window'?",
                "base_url, completion_window, max_concurrency");
    }

    @Test
    void camelCaseKeyIsPointedToItsSnakeCaseName() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL + "provider:\n  pollInterval: 5s\n"));

        // then
        assertThat(problem.message()).contains("did you mean 'poll_interval'?");
    }

    @Test
    void unknownSectionWithoutACloseNameListsTheSections() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL + "logging: {}\n"));

        // then
        assertThat(problem.key()).isEqualTo("logging");
        assertThat(problem.message()).doesNotContain("did you mean")
                .contains("experiment, model, provider, prompt, input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key", "apiKey", "key"})
    void apiKeyAnywhereIsRejectedWithoutEchoingItsValue(String name) throws IOException {
        // when
        ConfigException e = failure(MINIMAL.replace("  id: openai/gpt-oss-120b\n",
                "  id: openai/gpt-oss-120b\n  parameters:\n    response_format:\n      type: json_object\n      " + name + ": gsk_SECRET\n"));

        // then
        ConfigProblem problem = only(e);
        assertThat(problem.key()).isEqualTo("model.parameters.response_format." + name);
        assertThat(problem.line()).isEqualTo(10);
        assertThat(problem.message()).contains("GROQ_API_KEY");
        assertThat(e.getMessage()).doesNotContain("gsk_SECRET");
    }

    @Test
    void missingRequiredKeysAreNamedWithWhatIsExpected() throws IOException {
        // when
        ConfigException e = failure("""
                experiment:
                  type: CT
                model:
                  id: openai/gpt-oss-120b
                prompt:
                  allowed_answers: [yes, no]
                input:
                  jsonl: data/records.jsonl
                """);

        // then
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(
                "experiment.description", "model.code", "prompt.user");
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(1, 3, 5);
        assertThat(e.problems().get(1).message()).contains("is required", "1-16 uppercase letters or digits");
    }

    @Test
    void missingSectionIsNamed() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("input:\n  jsonl: data/records.jsonl\n", "")));

        // then
        assertThat(problem.key()).isEqualTo("input");
        assertThat(problem.message()).contains("is required", "jsonl, directory");
    }

    @Test
    void allProblemsAreReportedAtOnceInFileOrder() throws IOException {
        // when
        ConfigException e = failure("""
                experiment:
                  type: ct
                  description: x
                  time_zone: Mars/Olympus
                model:
                  code: GPT120B
                  id: openai/gpt-oss-120b
                  parameters:
                    temperature: 3
                    reasoning_format: verbose
                provider:
                  completion_window: 10d
                  max_concurrency: 0
                  poll_interval: 30 seconds
                prompt:
                  user: "{{#records}}unclosed"
                input:
                  jsonl: data/missing.jsonl
                  requests: per_post
                """);

        // then
        assertThat(e.problems()).extracting(ConfigProblem::key).containsExactly(
                "experiment.type", "experiment.time_zone", "model.parameters.temperature",
                "model.parameters.reasoning_format", "provider.completion_window", "provider.max_concurrency",
                "provider.poll_interval", "prompt.user", "input.jsonl", "input.requests");
        assertThat(e.problems()).extracting(ConfigProblem::line)
                .containsExactly(2, 4, 9, 10, 12, 13, 14, 16, 18, 19);
        assertThat(e.getMessage().lines()).hasSize(10);
        assertThat(e.getMessage().lines().findFirst().orElseThrow())
                .startsWith(dir.resolve("config.yaml") + ":2:9: experiment.type: ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "experiment:\\n  time_zone: Mars/Olympus | experiment.time_zone | Europe/Berlin or UTC",
            "provider:\\n  completion_window: 23h | provider.completion_window | 24h to 168h (Nh) or 1d to 7d (Nd)",
            "provider:\\n  completion_window: 8d | provider.completion_window | 24h to 168h (Nh) or 1d to 7d (Nd)",
            "provider:\\n  completion_window: 169h | provider.completion_window | 24h to 168h",
            "provider:\\n  max_concurrency: 0 | provider.max_concurrency | at least 1",
            "provider:\\n  max_concurrency: four | provider.max_concurrency | must be an integer",
            "provider:\\n  requests_per_second: 0 | provider.requests_per_second | greater than 0",
            "provider:\\n  poll_interval: 0s | provider.poll_interval | 500ms, 30s, 5m, 2h",
            "provider:\\n  poll_interval: 1.5s | provider.poll_interval | 500ms, 30s, 5m, 2h",
            "provider:\\n  collect_deadline: 10s | provider.collect_deadline | longer than poll_interval (30s)",
            "provider:\\n  base_url: ftp://example.org | provider.base_url | http or https URL",
            "model:\\n  parameters:\\n    temperature: 2.5 | model.parameters.temperature | from 0 to 2",
            "model:\\n  parameters:\\n    top_p: -0.1 | model.parameters.top_p | from 0 to 1",
            "model:\\n  parameters:\\n    max_completion_tokens: 0 | model.parameters.max_completion_tokens | at least 1",
            "model:\\n  parameters:\\n    seed: 1.5 | model.parameters.seed | must be an integer",
            "model:\\n  parameters:\\n    stop: [a, b, c, d, e] | model.parameters.stop | list of 1 to 4",
            "model:\\n  parameters:\\n    frequency_penalty: 2.1 | model.parameters.frequency_penalty | from -2 to 2",
            "model:\\n  parameters:\\n    presence_penalty: high | model.parameters.presence_penalty | must be a number",
            "model:\\n  parameters:\\n    reasoning_format: verbose | model.parameters.reasoning_format | parsed, raw, hidden",
            "model:\\n  parameters:\\n    reasoning_effort: max | model.parameters.reasoning_effort | low, medium, high",
            "model:\\n  parameters:\\n    include_reasoning: yes | model.parameters.include_reasoning | true or false",
            "model:\\n  parameters:\\n    response_format: json | model.parameters.response_format | text, json_object, json_schema",
            "model:\\n  parameters:\\n    response_format: {type: xml} | model.parameters.response_format | text, json_object, json_schema",
            "model:\\n  parameters:\\n    response_format: {type: json_schema} | model.parameters.response_format | json_schema mapping",
            "model:\\n  parameters:\\n    reasoning_format: parsed\\n    include_reasoning: true | model.parameters.include_reasoning | cannot be combined with reasoning_format",
            "model:\\n  parameters:\\n    reasoning_format: raw\\n    response_format: {type: json_object} | model.parameters.reasoning_format | use parsed or hidden",
            "model:\\n  parameters: [temperature] | model.parameters | temperature, max_completion_tokens",
            "input:\\n  requests: per_post | input.requests | per_record",
            "input:\\n  sample: {seed: 1} | input.sample.users | at least 1",
            "input:\\n  sample: {users: 0} | input.sample.users | at least 1",
            "input:\\n  user_id_field: ' ' | input.user_id_field | must not be blank",
            "provider:\\n  max_cost: 0 | provider.max_cost | an amount in USD greater than 0",
            "provider:\\n  max_cost: -5 | provider.max_cost | an amount in USD greater than 0",
            "provider:\\n  max_cost: lots | provider.max_cost | must be a number",
            "model:\\n  price: {input: 0.1} | model.price.output | is required; USD per million tokens",
            "model:\\n  price: {input: -1, output: 1} | model.price.input | is negative",
            "model:\\n  price: {input: 1, output: 1, batch_discount: 1.5} | model.price.batch_discount | 0 to 1",
            "model:\\n  price: {input: 1, output: 1, cached: 1} | model.price.cached | input, output, batch_discount",
            "model:\\n  price: 0.15 | model.price | input, output, batch_discount",
            "provider:\\n  pack: {users: 0} | provider.pack.users | users per pack, 1 to 50000",
            "provider:\\n  pack: {requests: 50001} | provider.pack.requests | 1 to 50000",
            "provider:\\n  pack: {users: 5, request: 1000} | provider.pack.request | requests",
            "provider:\\n  pack: {} | provider.pack.users | pack needs users, requests or both",
            "provider:\\n  pack: many | provider.pack | must be an integer",
    })
    void badValueNamesTheKeyAndWhatIsAllowed(String override, String key, String allowed) throws IOException {
        // given: the override is merged into the matching section of the minimal config
        String yaml = merge(MINIMAL, override.replace("\\n", "\n"));

        // when
        ConfigProblem problem = only(failure(yaml));

        // then
        assertThat(problem.key()).isEqualTo(key);
        assertThat(problem.message()).contains(allowed);
        assertThat(problem.line()).isPositive();
    }

    /** Appends the override's section body under the same section of the base (adds the section if new). */
    private static String merge(String base, String override) {
        String section = override.substring(0, override.indexOf('\n') + 1);
        String body = override.substring(section.length()) + "\n";
        if (section.equals("model:\n") && body.startsWith("  parameters:")) {
            return base.replace("  id: openai/gpt-oss-120b\n", "  id: openai/gpt-oss-120b\n" + body);
        }
        return base.contains(section) ? base.replace(section, section + body) : base + section + body;
    }

    @Test
    void priceAndCostCapAreReadAsWrittenAndRecordedInTheRunsCopy() throws IOException {
        // given
        Path file = write(MINIMAL.replace("  id: openai/gpt-oss-120b\n", """
                  id: openai/gpt-oss-120b
                  price: {input: 0.15, output: 0.6, batch_discount: 0.5}
                """) + "provider:\n  max_cost: 2.50\n");

        // when
        ExperimentConfig config = ExperimentConfigLoader.load(file);
        Path copy = dir.resolve("copy.yaml");
        Files.writeString(copy, ExperimentConfigWriter.toYaml(config));

        // then: exact decimals, no binary rounding, and the run's copy loads back to the same config
        assertThat(config.model().price()).contains(new ModelPrice(new java.math.BigDecimal("0.15"),
                new java.math.BigDecimal("0.6"), java.util.Optional.of(new java.math.BigDecimal("0.5"))));
        assertThat(config.provider().maxCost()).contains(new java.math.BigDecimal("2.50"));
        assertThat(Files.readString(copy)).contains("price:\n    input: 0.15\n    output: 0.6\n    batch_discount: 0.5")
                .contains("max_cost: 2.50");
        assertThat(ExperimentConfigLoader.load(copy)).isEqualTo(config);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'' | 50000 | 1000 | true",
            "'  pack: 1\\n' | 1 | 0 | false",
            "'  pack: {users: 1}\\n' | 1 | 0 | false",
            "'  pack: 500\\n' | 500 | 0 | true",
            "'  pack: {users: 500}\\n' | 500 | 0 | true",
            "'  pack: {users: 50000}\\n' | 50000 | 0 | true",
            "'  pack: {requests: 1000}\\n' | 50000 | 1000 | true",
            "'  pack: {users: 200, requests: 1000}\\n' | 200 | 1000 | true",
    })
    void packIsReadAndAlwaysRecordedInTheRunsCopy(String pack, int users, int requests, boolean packed)
            throws IOException {
        // given
        Path file = write(MINIMAL + "provider:\n" + pack.replace("\\n", "\n"));

        // when
        ExperimentConfig config = ExperimentConfigLoader.load(file);
        Path copy = dir.resolve("copy.yaml");
        Files.writeString(copy, ExperimentConfigWriter.toYaml(config));

        // then: without pack a config packs by the default; the run's copy always says how it packs
        assertThat(config.provider().pack()).isEqualTo(new PackConfig(users, requests));
        assertThat(config.provider().pack().packed()).isEqualTo(packed);
        assertThat(Files.readString(copy)).contains("  pack:\n");
        assertThat(ExperimentConfigLoader.load(copy)).isEqualTo(config);
        assertThat(ExperimentConfigLoader.loadRecorded(copy)).isEqualTo(config);
    }

    @Test
    void runConfigRecordedWithoutPackIsReadAsOneBatchPerUser() throws IOException {
        // given: a run's config.yaml from before packing became the default
        Path recorded = write(MINIMAL);

        // when
        ExperimentConfig config = ExperimentConfigLoader.loadRecorded(recorded);

        // then: it goes on as it ran, while the same text as an experiment config packs
        assertThat(config.provider().pack()).isEqualTo(PackConfig.ONE_USER);
        assertThat(ExperimentConfigLoader.load(recorded).provider().pack()).isEqualTo(PackConfig.DEFAULT);
    }

    @Test
    void wrongSectionTypeIsNamed() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("input:\n  jsonl: data/records.jsonl\n",
                "input: data/records.jsonl\n")));

        // then
        assertThat(problem.key()).isEqualTo("input");
        assertThat(problem.message()).contains("must be a mapping", "jsonl, directory", "text 'data/records.jsonl'");
    }

    @Test
    void duplicateKeyIsAnError() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("  code: GPT120B\n", "  code: GPT120B\n  code: L70B\n")));

        // then
        assertThat(problem.key()).isEqualTo("model.code");
        assertThat(problem.line()).isEqualTo(6);
        assertThat(problem.message()).contains("appears twice", "first at line 5");
    }

    @Test
    void invalidModelCodeSaysWhatCodesLookLike() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("code: GPT120B", "code: gpt-oss")));

        // then
        assertThat(problem.key()).isEqualTo("model.code");
        assertThat(problem.line()).isEqualTo(5);
        assertThat(problem.column()).isEqualTo(9);
        assertThat(problem.message()).contains("'gpt-oss'", "1-16 uppercase letters or digits");
    }

    @Test
    void jsonlAndDirectoryTogetherAreRejected() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL + "  directory: data/users\n"));

        // then
        assertThat(problem.key()).isEqualTo("input.directory");
        assertThat(problem.message()).contains("exactly one of jsonl", "directory");
    }

    @Test
    void neitherJsonlNorDirectoryIsRejected() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("  jsonl: data/records.jsonl\n",
                "  requests: per_record\n")));

        // then
        assertThat(problem.key()).isEqualTo("input.jsonl");
        assertThat(problem.message()).contains("is required", "exactly one of jsonl", "directory");
    }

    @Test
    void missingInputFileNamesTheResolvedPath() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("data/records.jsonl", "data/../data/none.jsonl")));

        // then
        assertThat(problem.key()).isEqualTo("input.jsonl");
        assertThat(problem.message()).contains(dir.resolve("data/none.jsonl").toAbsolutePath() + " does not exist");
    }

    @Test
    void inputDirectoryThatIsAFileIsRejected() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("jsonl: data/records.jsonl",
                "directory: data/records.jsonl")));

        // then
        assertThat(problem.key()).isEqualTo("input.directory");
        assertThat(problem.message()).contains("records.jsonl is not a directory");
    }

    @Test
    void unparseableTemplateIsReportedAtLoadTime() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("  user: \"Post: {{text}}.",
                "  system: \"{{/oops}}\"\n  user: \"Post: {{text}}.")));

        // then
        assertThat(problem.key()).isEqualTo("prompt.system");
        assertThat(problem.line()).isEqualTo(8);
        assertThat(problem.message()).contains("not a valid Mustache template");
    }

    @Test
    void templateIncludingAPartialIsRejectedAtLoadTime() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("Post: {{text}}.", "{{#x}}{{> header}}{{/x}}")));

        // then
        assertThat(problem.key()).isEqualTo("prompt.user");
        assertThat(problem.message()).contains("{{> header}}", "partials are not supported");
    }

    @Test
    void blankSystemTemplateIsRejected() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("  user: \"Post: {{text}}.",
                "  system: \" \"\n  user: \"Post: {{text}}.")));

        // then
        assertThat(problem.key()).isEqualTo("prompt.system");
        assertThat(problem.message()).contains("must not be blank", "leave the key out");
    }

    @Test
    void closedTargetNeedsAllowedAnswers() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("  allowed_answers: [yes, no]\n", "")));

        // then
        assertThat(problem.key()).isEqualTo("prompt.allowed_answers");
        assertThat(problem.message()).contains("closed-target (CT)", "[yes, no]");
    }

    @Test
    void allowedAnswersStayTextAndMustBeDistinct() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL.replace("[yes, no]", "[yes, no, yes]")));

        // then
        assertThat(problem.key()).isEqualTo("prompt.allowed_answers");
        assertThat(problem.message()).contains("'yes' appears twice");
    }

    @Test
    void yesAndNoAnswersAreReadAsTextNotBooleans() throws IOException {
        // when
        ExperimentConfig config = ExperimentConfigLoader.load(write(MINIMAL.replace("[yes, no]", "[yes, no, on, 1]")));

        // then
        assertThat(config.prompt().allowedAnswers()).containsExactly("yes", "no", "on", "1");
    }

    @Test
    void relativeInputPathResolvesAgainstTheConfigFilesDirectoryNotTheWorkingDirectory() throws IOException {
        // given
        Path nested = dir.resolve("configs/ct");
        Files.createDirectories(nested);
        Path file = nested.resolve("config.yaml");
        Files.writeString(file, MINIMAL.replace("data/records.jsonl", "../../data/records.jsonl"));

        // when
        InputConfig input = ExperimentConfigLoader.load(file).input();

        // then
        assertThat(input.path()).isEqualTo(dir.resolve("data/records.jsonl").toAbsolutePath().normalize());
    }

    @Test
    void recordKeyNamesTheFieldThatIdentifiesARecord() throws IOException {
        // when
        InputConfig input = ExperimentConfigLoader.load(write(MINIMAL + "  record_key: post_id\n")).input();

        // then
        assertThat(input.recordKey()).isEqualTo("post_id");
        assertThat(ExperimentConfigLoader.load(write(MINIMAL)).input().recordKey()).isNull();
    }

    @Test
    void recordKeyWithPerUserRequestsIsAnErrorAtItsPosition() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL + "  requests: per_user\n  record_key: post_id\n"));

        // then
        assertThat(problem.file()).isEqualTo(dir.resolve("config.yaml"));
        assertThat(problem.line()).isEqualTo(13);
        assertThat(problem.column()).isEqualTo(15);
        assertThat(problem.key()).isEqualTo("input.record_key");
        assertThat(problem.message()).contains("per_record requests only", "record key is the user id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"  \"", "[post_id]", "{field: post_id}"})
    void recordKeyMustBeAFieldName(String value) throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL + "  record_key: " + value + "\n"));

        // then
        assertThat(problem.key()).isEqualTo("input.record_key");
        assertThat(problem.line()).isEqualTo(12);
        assertThat(problem.message()).containsAnyOf("must not be blank", "must be text");
    }

    @Test
    void misspelledRecordKeyGetsADidYouMean() throws IOException {
        // when
        ConfigProblem problem = only(failure(MINIMAL + "  recordKey: post_id\n"));

        // then
        assertThat(problem.key()).isEqualTo("input.recordKey");
        assertThat(problem.line()).isEqualTo(12);
        assertThat(problem.column()).isEqualTo(3);
        assertThat(problem.message()).contains("unknown key", "did you mean 'record_key'?");
    }
}
