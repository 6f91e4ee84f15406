package io.batchlab.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.config.ModelConfig;
import io.batchlab.config.ModelParameters;
import io.batchlab.config.ModelPrice;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PricesTest {

    @Test
    void theShippedTableIsDatedSourcedAndHasTheBatchDiscount() {
        // when
        PriceTable table = PriceTable.shipped();

        // then
        assertThat(table.asOf()).isEqualTo(LocalDate.of(2026, 12, 2));
        assertThat(table.source()).isEqualTo("https://groq.com/pricing");
        assertThat(table.batchDiscount()).isEqualByComparingTo("0.5");
        assertThat(table.models()).containsKeys("openai/gpt-oss-120b", "openai/gpt-oss-20b");
        assertThat(table.models().values()).allSatisfy(price -> {
            assertThat(price.inputPerMillion()).isPositive();
            assertThat(price.outputPerMillion()).isPositive();
            assertThat(price.maxCompletionTokens()).isPresent();
        });
    }

    @Test
    void aTableModelIsCostedAtHalfItsListPrice() {
        // given
        Price price = Prices.of(model("openai/gpt-oss-120b", Optional.empty())).orElseThrow();

        // when: a million prompt and a million completion tokens
        BigDecimal cost = price.batchCost(1_000_000, 1_000_000);

        // then: (0.15 + 0.60) / 2
        assertThat(price.inputPerMillion()).isEqualByComparingTo("0.15");
        assertThat(price.outputPerMillion()).isEqualByComparingTo("0.60");
        assertThat(cost).isEqualByComparingTo("0.375");
        assertThat(price.describe()).isEqualTo("0.15 input / 0.6 output USD per million tokens, batch 50 % off"
                + " (https://groq.com/pricing, as of 2026-12-02)");
    }

    @Test
    void modelPriceOverridesTheTableAndKeepsItsDiscountUnlessGiven() {
        // given
        ModelPrice own = new ModelPrice(new BigDecimal("1"), new BigDecimal("3"), Optional.empty());
        ModelPrice undiscounted = new ModelPrice(new BigDecimal("1"), new BigDecimal("3"),
                Optional.of(BigDecimal.ZERO));

        // when
        Price overridden = Prices.of(model("openai/gpt-oss-120b", Optional.of(own))).orElseThrow();
        Price full = Prices.of(model("qwen/qwen3.6-27b", Optional.of(undiscounted))).orElseThrow();

        // then: 1,000 prompt and 100 completion tokens
        assertThat(overridden.batchCost(1000, 100)).isEqualByComparingTo("0.00065");
        assertThat(overridden.source()).isEqualTo("model.price in config.yaml");
        assertThat(overridden.maxCompletionTokens()).isEqualTo(
                PriceTable.shipped().find("openai/gpt-oss-120b").orElseThrow().maxCompletionTokens());
        assertThat(full.batchCost(1000, 100)).isEqualByComparingTo("0.0013");
        assertThat(full.maxCompletionTokens()).isEmpty();
    }

    @Test
    void aModelInNeitherHasNoPriceAndTheReasonSaysWhatToAdd() {
        // when
        Optional<Price> price = Prices.of(model("qwen/qwen3.6-27b", Optional.empty()));

        // then
        assertThat(price).isEmpty();
        assertThat(Prices.unknown("qwen/qwen3.6-27b")).contains("no price for model qwen/qwen3.6-27b")
                .contains("as of 2026-12-02").contains("model.price");
    }

    @Test
    void amountsAreWrittenAsPlainDigits() {
        assertThat(Price.text(new BigDecimal("0.0001500000"))).isEqualTo("0.00015");
        assertThat(Price.text(new BigDecimal("25.00"))).isEqualTo("25");
        assertThat(Price.text(new BigDecimal("1E+2"))).isEqualTo("100");
    }

    private static ModelConfig model(String id, Optional<ModelPrice> price) {
        return new ModelConfig("M", id, ModelParameters.NONE, price);
    }
}
