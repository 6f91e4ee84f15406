package io.batchlab.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CostEstimateTest {

    private static final String LINE = """
            {"custom_id":"r00001","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[\
            {"role":"system","content":"You annotate posts."},{"role":"user","content":"Hello world"}],\
            "max_completion_tokens":64}}""";

    @Test
    void countsEachMessagesTextWithTheChatTemplatesOverhead() {
        // when
        RequestTokens tokens = RequestTokens.ofLine(LINE);

        // then: the texts as o200k_base counts them, 4 per message, 3 per request
        long texts = RequestTokens.count("You annotate posts.") + RequestTokens.count("Hello world");
        assertThat(RequestTokens.count("Hello world")).isEqualTo(2);
        assertThat(tokens.input()).isEqualTo(texts + 2 * 4 + 3);
        assertThat(tokens.maxCompletion()).hasValue(64);
    }

    @Test
    void theRangeRunsFromTheLowInputAndOneTokenAnswersToTheHighInputAndFullAnswers() {
        // given
        Price price = new Price("m", new BigDecimal("1"), new BigDecimal("2"), new BigDecimal("0.5"),
                OptionalInt.of(1000), "test");
        RequestTokens one = RequestTokens.ofLine(LINE);

        // when
        CostEstimate two = CostEstimate.ofLines(List.of(LINE, LINE), price.maxCompletionTokens());

        // then
        assertThat(two.requests()).isEqualTo(2);
        assertThat(two.inputTokens()).isEqualTo(2 * one.input());
        assertThat(two.maxOutputTokens()).isEqualTo(128);
        assertThat(two.lowInputTokens()).isEqualTo(2 * one.input() * 90 / 100);
        assertThat(two.highInputTokens()).isEqualTo((2 * one.input() * 125 + 99) / 100 + 2 * CostEstimate.TEMPLATE_TOKENS);
        assertThat(two.low(price)).isEqualByComparingTo(price.batchCost(two.lowInputTokens(), 2));
        assertThat(two.high(price)).hasValueSatisfying(high ->
                assertThat(high).isEqualByComparingTo(price.batchCost(two.highInputTokens(), 128)));
    }

    @Test
    void withoutAnyLimitOnTheAnswerTheRangeHasNoUpperEnd() {
        // given
        String unlimited = LINE.replace(",\"max_completion_tokens\":64", "");
        Price price = new Price("m", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, OptionalInt.empty(), "test");

        // when
        CostEstimate withModelLimit = CostEstimate.ofLines(List.of(unlimited), OptionalInt.of(500));
        CostEstimate without = CostEstimate.ofLines(List.of(unlimited), OptionalInt.empty());

        // then
        assertThat(withModelLimit.maxOutputTokens()).isEqualTo(500);
        assertThat(withModelLimit.high(price)).isPresent();
        assertThat(without.unboundedRequests()).isEqualTo(1);
        assertThat(without.high(price)).isEmpty();
    }
}
