package io.batchlab.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The example configs shown in the README must keep loading as the schema evolves. */
class ExampleConfigsTest {

    private static final Path EXAMPLES = Path.of("experiments/examples");

    @Test
    void closedTargetExampleLoadsWithPerRecordJsonlInput() {
        // when
        ExperimentConfig config = ExperimentConfigLoader.load(EXAMPLES.resolve("closed-target.yaml"));

        // then
        assertThat(config.experiment().type()).isEqualTo("CT");
        assertThat(config.model().code()).isEqualTo("GPT120B");
        assertThat(config.model().id()).isEqualTo("openai/gpt-oss-120b");
        assertThat(config.prompt().allowedAnswers()).containsExactly("favor", "against", "neutral");
        assertThat(config.prompt().user()).contains("Answer with one of: {{allowed_answers}}");
        assertThat(config.input().kind()).isEqualTo(InputConfig.Kind.JSONL);
        assertThat(config.input().requests()).isEqualTo(InputConfig.Requests.PER_RECORD);
        assertThat(config.input().recordKey()).isEqualTo("post_id");
        assertThat(config.input().path()).isEqualTo(EXAMPLES.resolve("data/posts.jsonl").toAbsolutePath());
    }

    @Test
    void openTargetExampleLoadsWithPerUserDirectoryInput() {
        // when
        ExperimentConfig config = ExperimentConfigLoader.load(EXAMPLES.resolve("open-target.yaml"));

        // then
        assertThat(config.experiment().type()).isEqualTo("OT");
        assertThat(config.model().code()).isEqualTo("L70B");
        assertThat(config.model().id()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(config.prompt().allowedAnswers()).isEqualTo(List.of());
        assertThat(config.input().kind()).isEqualTo(InputConfig.Kind.DIRECTORY);
        assertThat(config.input().requests()).isEqualTo(InputConfig.Requests.PER_USER);
        assertThat(config.input().path()).isEqualTo(EXAMPLES.resolve("data/users").toAbsolutePath());
        assertThat(config.input().sampleUsers()).hasValue(20);
    }
}
