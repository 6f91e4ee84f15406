package io.batchlab.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchCostTextTest {

    private static final List<Price> PRICES = List.of(
            price("0.15", "0.60", "0.5"),
            price("0.075", "0.3", "0.5"),
            price("2", "10", "0"),
            price("0.59", "0.79", "0.25"),
            // more decimal places than an amount keeps: Price rounds, so the text must come from Price
            price("0.123456789", "0.000000001", "0.5"),
            price("1000000", "3000000", "0"));

    @Test
    void isExactlyWhatThePriceRuleWrites() {
        Random random = new Random(14);
        for (Price price : PRICES) {
            BatchCostText text = new BatchCostText(price);
            for (int i = 0; i < 20_000; i++) {
                long prompt = i < 3 ? i * 1_000_000L : random.nextInt(200_000);
                long completion = i < 3 ? 0 : random.nextInt(70_000);
                assertThat(text.of(prompt, completion)).as("%s × (%d, %d)", price, prompt, completion)
                        .isEqualTo(Price.text(price.batchCost(prompt, completion)));
            }
        }
    }

    @Test
    void amountsBeyondALongStillCostWhatThePriceRuleSays() {
        Price price = price("0.15", "0.60", "0.5");
        assertThat(new BatchCostText(price).of(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2))
                .isEqualTo(Price.text(price.batchCost(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2)));
    }

    private static Price price(String input, String output, String discount) {
        return new Price("test/model", new BigDecimal(input), new BigDecimal(output), new BigDecimal(discount),
                OptionalInt.empty(), "test");
    }
}
