package io.batchlab.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentConfigWriterTest {

    static final String FULL = """
            experiment:
              type: CT
              description: "Stance: favor / against \\"quoted\\""
              time_zone: Europe/Berlin
            model:
              code: GPT120B
              id: openai/gpt-oss-120b
              parameters:
                presence_penalty: 0.5
                temperature: 1
                stop: [END, "###"]
                seed: 42
                response_format:
                  type: json_schema
                  json_schema:
                    name: stance
                    strict: true
                    schema: {type: object, properties: {answer: {type: string, enum: [yes, no]}}, required: [answer], minProperties: 1, weight: 1.5}
                reasoning_format: parsed
            provider:
              requests_per_second: 2.5
              poll_interval: 90s
            prompt:
              system: "Ünïcödé system – “quotes”"
              user: |
                Post: {{text}}
                  indented line
                Answer with one of: {{allowed_answers}}
              allowed_answers: [yes, no, "null", '42']
            input:
              jsonl: data/../data/records.jsonl
              sample: {users: 3, seed: 7}
              record_key: post_id
            """;

    @TempDir
    Path dir;

    private Path write(Path file, String yaml) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/records.jsonl"), "{}\n");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void writtenConfigLoadsBackEqual() throws IOException {
        // given
        ExperimentConfig original = ExperimentConfigLoader.load(write(dir.resolve("config.yaml"), FULL));

        // when: written into another directory, the absolute input path still resolves
        Path copy = Files.createDirectories(dir.resolve("runs/20240408_CT_GPT120B_001")).resolve("config.yaml");
        Files.writeString(copy, ExperimentConfigWriter.toYaml(original), StandardCharsets.UTF_8);
        ExperimentConfig reloaded = ExperimentConfigLoader.load(copy);

        // then
        assertThat(reloaded).isEqualTo(original);
        assertThat(reloaded.input().recordKey()).isEqualTo("post_id");
    }

    @Test
    void minimalConfigIsWrittenWithEveryDefaultResolved() throws IOException {
        // given
        ExperimentConfig config = ExperimentConfigLoader.load(write(dir.resolve("config.yaml"),
                ExperimentConfigLoaderTest.MINIMAL.replace("type: CT\n", "type: CT\n  time_zone: UTC\n")));

        // when
        String yaml = ExperimentConfigWriter.toYaml(config);

        // then
        assertThat(yaml).isEqualTo("""
                experiment:
                  type: CT
                  description: Closed target experiment
                  time_zone: UTC
                model:
                  code: GPT120B
                  id: openai/gpt-oss-120b
                provider:
                  base_url: https://api.groq.com/openai/v1
                  completion_window: 24h
                  max_concurrency: 4
                  requests_per_second: 5.0
                  poll_interval: 30s
                  collect_deadline: 25h
                  pack:
                    requests: 1000
                prompt:
                  user: 'Post: {{text}}. Answer with one of: {{allowed_answers}}'
                  allowed_answers:
                    - 'yes'
                    - 'no'
                input:
                  jsonl: %s
                  user_id_field: user_id
                  requests: per_record
                """.formatted(dir.resolve("data/records.jsonl").toAbsolutePath().normalize()));
    }

    @Test
    void sameConfigGivesByteIdenticalYamlWhateverTheSourceKeyOrder() throws IOException {
        // given: the same settings with sections and parameters in another order
        String reordered = FULL.substring(FULL.indexOf("provider:")) + FULL.substring(0, FULL.indexOf("provider:"))
                .replace("    presence_penalty: 0.5\n", "").replace("    reasoning_format: parsed\n",
                        "    reasoning_format: parsed\n    presence_penalty: 0.5\n");
        ExperimentConfig first = ExperimentConfigLoader.load(write(dir.resolve("a.yaml"), FULL));
        ExperimentConfig second = ExperimentConfigLoader.load(write(dir.resolve("b.yaml"), reordered));

        // when
        byte[] firstBytes = ExperimentConfigWriter.toYaml(first).getBytes(StandardCharsets.UTF_8);
        byte[] secondBytes = ExperimentConfigWriter.toYaml(second).getBytes(StandardCharsets.UTF_8);

        // then
        assertThat(second).isEqualTo(first);
        assertThat(secondBytes).isEqualTo(firstBytes);
        assertThat(ExperimentConfigWriter.toYaml(first).indexOf("temperature"))
                .isLessThan(ExperimentConfigWriter.toYaml(first).indexOf("presence_penalty"));
    }

    @Test
    void multiLineTemplatesAreWrittenAsLiteralBlocks() throws IOException {
        // given
        ExperimentConfig config = ExperimentConfigLoader.load(write(dir.resolve("config.yaml"), FULL));

        // when
        String yaml = ExperimentConfigWriter.toYaml(config);

        // then
        assertThat(yaml).contains("""
                  user: |
                    Post: {{text}}
                      indented line
                    Answer with one of: {{allowed_answers}}
                """);
        assertThat(yaml).contains("Ünïcödé system – “quotes”");
    }
}
