package io.batchlab.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and quantiles of repeated measurements. */
final class Medians {

    private Medians() {
    }

    static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    /** Nearest-rank quantile, {@code q} in [0, 1]. */
    static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        if (q == 0.5 && sorted.length % 2 == 0) {
            return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
