package io.batchlab.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerGeneratorTest {

    private final AnswerGenerator generator = new AnswerGenerator();

    private static JsonObject body(String json) {
        return EmulatorTestClient.JSON.createReader(new StringReader(json)).readObject();
    }

    private static JsonObject message(JsonObject completion) {
        return completion.getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    }

    private static String textRequest(String question) {
        return "{\"model\":\"llama-3.1-8b-instant\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    }

    @Test
    void sameBodyGetsTheSameAnswerAndAnotherBodyAnotherOne() {
        // given
        JsonObject body = body(textRequest("What is the capital of France?"));

        // when
        JsonObject first = generator.completion(body, "req_1", 100);
        JsonObject second = generator.completion(body(textRequest("What is the capital of France?")), "req_2", 200);
        JsonObject other = generator.completion(body(textRequest("What is the capital of Spain?")), "req_3", 300);

        // then
        assertThat(message(first)).isEqualTo(message(second));
        assertThat(first.getJsonObject("usage")).isEqualTo(second.getJsonObject("usage"));
        assertThat(first.getString("id")).isEqualTo(second.getString("id")).isNotEqualTo(other.getString("id"));
        assertThat(message(first).getString("content")).contains("not an LLM", "capital of France");
        assertThat(first.getJsonObject("x_groq").getString("id")).isEqualTo("req_1");
    }

    @Test
    void answerSetLineInTheMessagesLimitsTheAnswerToItsChoices() {
        // given
        Set<String> answers = new HashSet<>();

        // when
        for (int i = 0; i < 30; i++) {
            JsonObject body = body("{\"model\":\"openai/gpt-oss-20b\",\"messages\":[{\"role\":\"system\",\"content\":"
                    + "\"Classify.\\nANSWER WITH ONE OF: Positive | Negative | Neutral.\"},{\"role\":\"user\","
                    + "\"content\":\"text " + i + "\"}]}");
            answers.add(message(generator.completion(body, "req", 0)).getString("content"));
        }

        // then
        assertThat(answers).isSubsetOf("Positive", "Negative", "Neutral").hasSizeGreaterThan(1);
    }

    @Test
    void jsonSchemaEnumGetsAJsonObjectWithOneOfTheEnumValues() {
        // given
        Set<String> labels = new HashSet<>();

        // when
        for (int i = 0; i < 30; i++) {
            JsonObject body = body("{\"model\":\"openai/gpt-oss-20b\",\"messages\":[{\"role\":\"user\",\"content\":\"t"
                    + i + "\"}],\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"c\","
                    + "\"schema\":{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\","
                    + "\"enum\":[\"A\",\"B\",\"C\"]},\"score\":{\"type\":\"integer\"}}}}}}");
            JsonObject content = body(message(generator.completion(body, "req", 0)).getString("content"));
            labels.add(content.getString("label"));
            assertThat(content.getJsonNumber("score").isIntegral()).isTrue();
        }

        // then
        assertThat(labels).isSubsetOf("A", "B", "C").hasSizeGreaterThan(1);
    }

    @Test
    void answerSetSplitsOnCommasAndBarsAndIgnoresCase() {
        assertThat(AnswerGenerator.answerSetIn(List.of("Intro\n  answer with one of: yes, no , maybe.\nThanks")))
                .containsExactly("yes", "no", "maybe");
        assertThat(AnswerGenerator.answerSetIn(List.of("Answer With One Of: a|b"))).containsExactly("a", "b");
        assertThat(AnswerGenerator.answerSetIn(List.of("Please answer freely"))).isEmpty();
    }

    @Test
    void reasoningFormatDecidesWhereTheReasoningGoes() {
        // given
        String base = "{\"model\":\"openai/gpt-oss-20b\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Answer with one of: red, blue\"}]";

        // when
        JsonObject parsed = message(generator.completion(body(base + ",\"reasoning_format\":\"parsed\"}"), "r", 0));
        JsonObject raw = message(generator.completion(body(base + ",\"reasoning_format\":\"raw\"}"), "r", 0));
        JsonObject hidden = message(generator.completion(body(base + ",\"reasoning_format\":\"hidden\"}"), "r", 0));

        // then
        assertThat(parsed.getString("reasoning")).contains("not an LLM");
        assertThat(parsed.getString("content")).isIn("red", "blue");
        assertThat(raw.getString("content")).startsWith("<think>").containsOnlyOnce("</think>");
        assertThat(raw.getString("content").substring(raw.getString("content").indexOf("</think>") + 8))
                .isIn("red", "blue");
        assertThat(raw.containsKey("reasoning")).isFalse();
        assertThat(hidden.containsKey("reasoning")).isFalse();
        assertThat(hidden.getString("content")).isIn("red", "blue");
    }

    @Test
    void usageCountsAboutFourCharactersPerPromptTokenAndAddsGroqTimings() {
        // given
        String question = "x".repeat(400);

        // when
        JsonObject usage = generator.completion(body(textRequest(question)), "r", 0).getJsonObject("usage");

        // then
        assertThat(usage.getInt("prompt_tokens")).isEqualTo(100);
        assertThat(usage.getInt("total_tokens"))
                .isEqualTo(usage.getInt("prompt_tokens") + usage.getInt("completion_tokens"));
        assertThat(usage.getJsonNumber("total_time").doubleValue()).isCloseTo(
                usage.getJsonNumber("prompt_time").doubleValue() + usage.getJsonNumber("completion_time").doubleValue(),
                org.assertj.core.data.Offset.offset(1e-5));
        assertThat(usage.getJsonNumber("queue_time").doubleValue()).isPositive();
    }
}
