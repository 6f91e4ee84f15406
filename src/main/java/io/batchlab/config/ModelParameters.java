package io.batchlab.config;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Locale;

/**
 * The optional request parameters of {@code model.parameters}. A {@code null} component is not sent, so the
 * provider's default applies. Validated by {@link ExperimentConfigLoader}.
 *
 * @param temperature         0 to 2
 * @param maxCompletionTokens at least 1
 * @param topP                0 to 1
 * @param seed                any integer
 * @param stop                1 to 4 stop sequences
 * @param responseFormat      e.g. {@code {"type":"json_object"}}
 * @param reasoningFormat     how reasoning models return their reasoning
 * @param reasoningEffort     how hard reasoning models think
 * @param includeReasoning    the alternative to {@code reasoningFormat}; never both
 * @param frequencyPenalty    -2 to 2
 * @param presencePenalty     -2 to 2
 */
public record ModelParameters(Double temperature, Integer maxCompletionTokens, Double topP, Long seed,
                              List<String> stop, JsonObject responseFormat, ReasoningFormat reasoningFormat,
                              ReasoningEffort reasoningEffort, Boolean includeReasoning, Double frequencyPenalty,
                              Double presencePenalty) {

    public static final ModelParameters NONE =
            new ModelParameters(null, null, null, null, null, null, null, null, null, null, null);

    public ModelParameters {
        stop = stop == null ? null : List.copyOf(stop);
    }

    public enum ReasoningFormat {
        PARSED, RAW, HIDDEN;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum ReasoningEffort {
        LOW, MEDIUM, HIGH;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The parameters as request-body fields, snake_case, in a fixed order; empty when none are set. */
    public JsonObject toJson() {
        JsonObjectBuilder body = Json.createObjectBuilder();
        if (temperature != null) body.add("temperature", temperature);
        if (maxCompletionTokens != null) body.add("max_completion_tokens", maxCompletionTokens);
        if (topP != null) body.add("top_p", topP);
        if (seed != null) body.add("seed", seed);
        if (stop != null) body.add("stop", Json.createArrayBuilder(stop));
        if (responseFormat != null) body.add("response_format", responseFormat);
        if (reasoningFormat != null) body.add("reasoning_format", reasoningFormat.code());
        if (reasoningEffort != null) body.add("reasoning_effort", reasoningEffort.code());
        if (includeReasoning != null) body.add("include_reasoning", includeReasoning);
        if (frequencyPenalty != null) body.add("frequency_penalty", frequencyPenalty);
        if (presencePenalty != null) body.add("presence_penalty", presencePenalty);
        return body.build();
    }
}
