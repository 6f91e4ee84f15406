package io.batchlab.cost;

import java.math.BigDecimal;

/**
 * {@code Price.text(price.batchCost(prompt, completion))} for row after row of an export: the same text, computed in
 * long arithmetic where that is exact (a cost is then an integer count of units of its smallest decimal place), and by
 * {@link Price} itself where it is not (more decimal places than {@link Price#SCALE}, or amounts beyond a long).
 */
public final class BatchCostText {

    private final Price price;
    private final boolean exact;
    private final long inputUnits;
    private final long outputUnits;
    private final int scale;

    public BatchCostText(Price price) {
        this.price = price;
        BigDecimal input = price.batchInputPerMillion().stripTrailingZeros();
        BigDecimal output = price.batchOutputPerMillion().stripTrailingZeros();
        int common = Math.max(0, Math.max(input.scale(), output.scale()));
        long in = 0;
        long out = 0;
        boolean fits = common + 6 <= Price.SCALE;
        if (fits) {
            try {
                in = input.setScale(common).unscaledValue().longValueExact();
                out = output.setScale(common).unscaledValue().longValueExact();
            } catch (ArithmeticException tooLarge) {
                fits = false;
            }
        }
        this.exact = fits;
        this.inputUnits = in;
        this.outputUnits = out;
        this.scale = common + 6; // per million tokens
    }

    public String of(long promptTokens, long completionTokens) {
        if (exact) {
            try {
                long units = Math.addExact(Math.multiplyExact(promptTokens, inputUnits),
                        Math.multiplyExact(completionTokens, outputUnits));
                if (units >= 0) {
                    return plain(units, scale);
                }
            } catch (ArithmeticException overflow) {
                // below
            }
        }
        return Price.text(price.batchCost(promptTokens, completionTokens));
    }

    /**
     * {@code units} × 10^-{@code places} without trailing zeros, as {@link BigDecimal#toPlainString()} writes it:
     * by placing the point in the digits, which costs a tenth of building the BigDecimal (P8).
     */
    private static String plain(long units, int places) {
        while (places > 0 && units % 10 == 0) {
            units /= 10;
            places--;
        }
        String digits = Long.toString(units);
        if (places == 0) {
            return digits;
        }
        int whole = digits.length() - places;
        return whole > 0 ? digits.substring(0, whole) + "." + digits.substring(whole)
                : "0." + "0".repeat(-whole) + digits;
    }
}
