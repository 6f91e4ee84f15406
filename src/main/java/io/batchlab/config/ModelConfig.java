package io.batchlab.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The model a run asks.
 *
 * @param code       the model code of the run id, e.g. {@code GPT120B}; the researcher's name for the model
 * @param id         the provider's model id, e.g. {@code openai/gpt-oss-120b}
 * @param parameters sampling and output parameters sent with every request
 * @param price      {@code model.price}: overrides the shipped price table for this model
 */
public record ModelConfig(String code, String id, ModelParameters parameters, Optional<ModelPrice> price) {

    public ModelConfig {
        Objects.requireNonNull(price, "price");
    }

    /** A model priced by the shipped table (or not at all). */
    public ModelConfig(String code, String id, ModelParameters parameters) {
        this(code, id, parameters, Optional.empty());
    }
}
