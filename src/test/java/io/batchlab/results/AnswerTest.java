package io.batchlab.results;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

class AnswerTest {

    @Test
    void rawReasoningIsSplitFromTheContentAtTheClosingThinkTag() {
        // given: reasoning_format raw
        JsonObject completion = completion(message("\n<think>\nThe post wants cars out.\n</think>\n\nfavor"), "stop");

        // when
        Answer answer = Answer.of(completion);

        // then
        assertThat(answer).isEqualTo(new Answer("favor", "The post wants cars out.", "stop"));
    }

    @Test
    void parsedReasoningIsReadFromTheMessage() {
        // given: reasoning_format parsed
        JsonObject completion = completion(message("against").add("reasoning", "Sarcasm about bikes."), "stop");

        // when
        Answer answer = Answer.of(completion);

        // then
        assertThat(answer).isEqualTo(new Answer("against", "Sarcasm about bikes.", "stop"));
    }

    @Test
    void hiddenReasoningLeavesOnlyTheAnswer() {
        // given: reasoning_format hidden
        JsonObject completion = completion(message("neutral"), "stop");

        // when
        Answer answer = Answer.of(completion);

        // then
        assertThat(answer).isEqualTo(new Answer("neutral", null, "stop"));
    }

    @Test
    void reasoningCutOffBeforeItsClosingTagIsReasoningWithoutAnAnswer() {
        // given: the token limit was hit while the model was still thinking
        JsonObject completion = completion(message("<think>First, the post says"), "length");

        // when
        Answer answer = Answer.of(completion);

        // then: the half thought is not mistaken for an answer
        assertThat(answer).isEqualTo(new Answer(null, "First, the post says", "length"));
    }

    @Test
    void thinkTagInTheMiddleOfTheContentIsPartOfTheAnswer() {
        // given
        JsonObject completion = completion(message("favor, see <think>x</think>"), "stop");

        // when
        Answer answer = Answer.of(completion);

        // then
        assertThat(answer.text()).isEqualTo("favor, see <think>x</think>");
        assertThat(answer.reasoning()).isNull();
    }

    @Test
    void completionWithoutChoicesHasNoAnswer() {
        // given
        JsonObject completion = Json.createObjectBuilder().add("choices", Json.createArrayBuilder()).build();

        // when
        Answer answer = Answer.of(completion);

        // then
        assertThat(answer).isEqualTo(new Answer(null, null, null));
    }

    @Test
    void nullContentHasNoAnswer() {
        // given
        JsonObject completion = completion(Json.createObjectBuilder().add("role", "assistant").addNull("content"),
                "stop");

        // when
        Answer answer = Answer.of(completion);

        // then
        assertThat(answer).isEqualTo(new Answer(null, null, "stop"));
    }

    static JsonObjectBuilder message(String content) {
        return Json.createObjectBuilder().add("role", "assistant").add("content", content);
    }

    static JsonObject completion(JsonObjectBuilder message, String finishReason) {
        return Json.createObjectBuilder()
                .add("id", "chatcmpl-1")
                .add("object", "chat.completion")
                .add("model", RequestResultTest.ANSWERING_MODEL)
                .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("index", 0)
                        .add("message", message)
                        .add("finish_reason", finishReason)))
                .add("usage", Json.createObjectBuilder().add("prompt_tokens", 10).add("completion_tokens", 2))
                .build();
    }
}
