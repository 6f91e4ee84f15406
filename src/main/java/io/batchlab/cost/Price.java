package io.batchlab.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalInt;

/**
 * A model's price, and the one rule for what its tokens cost in a batch:
 * {@code (prompt × input + completion × output) / 1,000,000 × (1 − batchDiscount)}. Cached prompt tokens cost the same
 * as other prompt tokens (Groq: the batch discount does not stack with prompt caching); completion tokens include the
 * reasoning tokens.
 *
 * @param modelId             the provider's model id
 * @param inputPerMillion     USD per million prompt tokens at the list (synchronous) price
 * @param outputPerMillion    USD per million completion tokens at the list price
 * @param batchDiscount       the share batch requests are cheaper, 0 to 1
 * @param maxCompletionTokens the model's own limit on completion tokens, if known: the upper bound of an answer when
 *                            the request does not set one
 * @param source              where the price comes from, with its date
 */
public record Price(String modelId, BigDecimal inputPerMillion, BigDecimal outputPerMillion, BigDecimal batchDiscount,
                    OptionalInt maxCompletionTokens, String source) {

    /** Amounts keep this many decimal places: a millionth of a cent, enough for one short request. */
    public static final int SCALE = 10;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /** USD per million prompt tokens in a batch. */
    public BigDecimal batchInputPerMillion() {
        return inputPerMillion.multiply(BigDecimal.ONE.subtract(batchDiscount));
    }

    /** USD per million completion tokens in a batch. */
    public BigDecimal batchOutputPerMillion() {
        return outputPerMillion.multiply(BigDecimal.ONE.subtract(batchDiscount));
    }

    /** What these tokens cost in a batch, in USD. */
    public BigDecimal batchCost(long promptTokens, long completionTokens) {
        return batchInputPerMillion().multiply(BigDecimal.valueOf(promptTokens))
                .add(batchOutputPerMillion().multiply(BigDecimal.valueOf(completionTokens)))
                .divide(MILLION, SCALE, RoundingMode.HALF_UP);
    }

    /** An amount as text: plain digits, no trailing zeros ({@code 0.0012}). */
    public static String text(BigDecimal usd) {
        BigDecimal stripped = usd.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** e.g. {@code 0.15 / 0.60 USD per million tokens, batch 50 % off (https://groq.com/pricing, as of 2026-12-02)}. */
    public String describe() {
        return text(inputPerMillion) + " input / " + text(outputPerMillion) + " output USD per million tokens, batch "
                + text(batchDiscount.multiply(BigDecimal.valueOf(100))) + " % off (" + source + ")";
    }
}
