package io.batchlab.cost;

import io.batchlab.config.ModelConfig;
import io.batchlab.config.ModelPrice;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The price a run's model is costed at: config.yaml's {@code model.price} if given, else the shipped table's. A model
 * in neither has no price: its cost is unknown, never guessed.
 */
public final class Prices {

    /** What to tell someone whose model has no price. */
    public static final String NEEDS_PRICE = "add model.price {input: USD, output: USD} (per million tokens at the"
            + " provider's list price) to config.yaml";

    private Prices() {
    }

    public static Optional<Price> of(ModelConfig model) {
        return of(model.id(), model.price());
    }

    public static Optional<Price> of(String modelId, Optional<ModelPrice> override) {
        PriceTable table = PriceTable.shipped();
        Optional<Price> listed = modelId == null ? Optional.empty() : table.find(modelId);
        if (override.isEmpty()) {
            return listed;
        }
        ModelPrice own = override.get();
        return Optional.of(new Price(modelId, own.inputPerMillion(), own.outputPerMillion(),
                own.batchDiscount().orElse(table.batchDiscount()),
                listed.map(Price::maxCompletionTokens).orElse(OptionalInt.empty()),
                "model.price in config.yaml"));
    }

    /** Why a model has no price, and what to do. */
    public static String unknown(String modelId) {
        PriceTable table = PriceTable.shipped();
        return "no price for model " + modelId + ": the price table (" + table.source() + ", as of " + table.asOf()
                + ") does not list it; " + NEEDS_PRICE;
    }
}
