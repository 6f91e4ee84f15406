package io.batchlab.config;

import java.util.Objects;

/** The validated, fully resolved configuration of one run (config.yaml). Load it with {@link ExperimentConfigLoader}. */
public record ExperimentConfig(ExperimentSection experiment, ModelConfig model, ProviderConfig provider,
                               PromptConfig prompt, InputConfig input) {

    public ExperimentConfig {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(input, "input");
    }

    public ExperimentConfig withProvider(ProviderConfig newProvider) {
        return new ExperimentConfig(experiment, model, newProvider, prompt, input);
    }
}
