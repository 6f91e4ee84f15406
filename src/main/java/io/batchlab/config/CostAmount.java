package io.batchlab.config;

import java.math.BigDecimal;

/** A cost cap as people write it: {@code provider.max_cost}, {@code --max-cost}, the job parameter, the runs API. */
public final class CostAmount {

    /** What is allowed, for messages. */
    public static final String RULE = "an amount in USD greater than 0, e.g. 25 or 2.50";

    private CostAmount() {
    }

    /** The amount, or an error that quotes it and says what is allowed. */
    public static BigDecimal parse(String text) {
        try {
            BigDecimal amount = new BigDecimal(text.strip());
            if (amount.signum() > 0 && amount.precision() - amount.scale() <= 9 && amount.scale() <= 10) {
                return amount;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("'" + text + "' is not " + RULE);
    }
}
