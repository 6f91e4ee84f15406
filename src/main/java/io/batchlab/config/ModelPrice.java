package io.batchlab.config;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * {@code model.price} of config.yaml: the researcher's own price for the model, which replaces the shipped price table's
 * (see {@code io.batchlab.cost.Prices}).
 *
 * @param inputPerMillion  USD per million input (prompt) tokens at the provider's list (synchronous) price
 * @param outputPerMillion USD per million output (completion) tokens at the list price
 * @param batchDiscount    the share taken off for batch requests, 0 to 1 (0.5 = half price); empty: the table's
 */
public record ModelPrice(BigDecimal inputPerMillion, BigDecimal outputPerMillion, Optional<BigDecimal> batchDiscount) {
}
