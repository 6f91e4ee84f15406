package io.batchlab.config;

import io.batchlab.window.BatchWindow;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated, fully resolved configuration of one run (config.yaml). Load it with {@link ExperimentConfigLoader}.
 * {@code window}: the hours the run may work in, if the operator limits them.
 */
public record ExperimentConfig(ExperimentSection experiment, ModelConfig model, ProviderConfig provider,
                               PromptConfig prompt, InputConfig input, Optional<BatchWindow> window) {

    public ExperimentConfig {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(window, "window");
    }

    /** A config without a batch window: the run may work at any time. */
    public ExperimentConfig(ExperimentSection experiment, ModelConfig model, ProviderConfig provider,
                            PromptConfig prompt, InputConfig input) {
        this(experiment, model, provider, prompt, input, Optional.empty());
    }

    public ExperimentConfig withProvider(ProviderConfig newProvider) {
        return new ExperimentConfig(experiment, model, newProvider, prompt, input, window);
    }

    public ExperimentConfig withWindow(BatchWindow newWindow) {
        return new ExperimentConfig(experiment, model, provider, prompt, input, Optional.ofNullable(newWindow));
    }
}
