package io.batchlab.config;

/**
 * The model a run asks.
 *
 * @param code       the model code of the run id, e.g. {@code GPT120B}; the researcher's name for the model
 * @param id         the provider's model id, e.g. {@code openai/gpt-oss-120b}
 * @param parameters sampling and output parameters sent with every request
 */
public record ModelConfig(String code, String id, ModelParameters parameters) {
}
