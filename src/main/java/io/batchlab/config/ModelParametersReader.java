package io.batchlab.config;

import io.batchlab.config.ModelParameters.ReasoningEffort;
import io.batchlab.config.ModelParameters.ReasoningFormat;
import io.batchlab.store.Deployment;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Validates {@code model.parameters}: only known keys, each within the range the chat-completions API accepts. */
final class ModelParametersReader {

    static final List<String> KEYS = List.of("temperature", "max_completion_tokens", "top_p", "seed", "stop",
            "response_format", "reasoning_format", "reasoning_effort", "include_reasoning", "frequency_penalty",
            "presence_penalty");
    private static final List<String> RESPONSE_FORMAT_TYPES = List.of("text", "json_object", "json_schema");
    private static final int MAX_STOP_SEQUENCES = 4;

    private ModelParametersReader() {
    }

    static ModelParameters read(YamlMapping section) {
        Double temperature = bounded(section, "temperature", 0, 2);
        String tokensRule = "an integer of at least 1";
        Integer maxTokens = section.integer("max_completion_tokens", tokensRule)
                .filter(n -> ExperimentConfigLoader.inRange(section, "max_completion_tokens", n, 1,
                        Integer.MAX_VALUE, tokensRule))
                .map(Long::intValue).orElse(null);
        Double topP = bounded(section, "top_p", 0, 1);
        Long seed = section.integer("seed", "any integer").orElse(null);
        String stopRule = "one stop sequence or a list of 1 to " + MAX_STOP_SEQUENCES;
        List<String> stop = section.textList("stop", true, stopRule).filter(list -> {
            if (list.isEmpty() || list.size() > MAX_STOP_SEQUENCES) {
                section.problem(section.value("stop").orElseThrow(), "stop",
                        list.size() + " stop sequences given; use " + stopRule);
                return false;
            }
            return true;
        }).orElse(null);
        JsonObject responseFormat = section.value("response_format")
                .flatMap(node -> responseFormat(section, node)).orElse(null);
        ReasoningFormat reasoningFormat = choice(section, "reasoning_format", ReasoningFormat.values());
        ReasoningEffort reasoningEffort = choice(section, "reasoning_effort", ReasoningEffort.values());
        Boolean includeReasoning = section.bool("include_reasoning").orElse(null);
        Double frequencyPenalty = bounded(section, "frequency_penalty", -2, 2);
        Double presencePenalty = bounded(section, "presence_penalty", -2, 2);

        if (section.value("reasoning_format").isPresent() && section.value("include_reasoning").isPresent()) {
            section.problem(section.value("include_reasoning").orElseThrow(), "include_reasoning",
                    "cannot be combined with reasoning_format (the provider rejects both); keep one of them");
        }
        if (reasoningFormat == ReasoningFormat.RAW && responseFormat != null
                && !"text".equals(responseFormat.getString("type", ""))) {
            section.problem(section.value("reasoning_format").orElseThrow(), "reasoning_format",
                    "raw cannot be combined with a JSON response_format (the provider rejects it); use parsed or hidden");
        }
        return new ModelParameters(temperature, maxTokens, topP, seed, stop, responseFormat, reasoningFormat,
                reasoningEffort, includeReasoning, frequencyPenalty, presencePenalty);
    }

    private static Double bounded(YamlMapping section, String key, double min, double max) {
        String rule = "a number from " + plain(min) + " to " + plain(max);
        return section.number(key, rule)
                .filter(n -> ExperimentConfigLoader.inRange(section, key, n, min, max, rule)).orElse(null);
    }

    private static String plain(double number) {
        return number == Math.rint(number) ? String.valueOf((long) number) : String.valueOf(number);
    }

    private static <E extends Enum<E>> E choice(YamlMapping section, String key, E[] values) {
        return section.text(key).flatMap(text -> {
            for (E value : values) {
                if (value.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return Optional.of(value);
                }
            }
            section.problem(section.value(key).orElseThrow(), key, Deployment.quote(text) + " is not allowed; use one of "
                    + Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")));
            return Optional.empty();
        }).orElse(null);
    }

    private static Optional<JsonObject> responseFormat(YamlMapping section, Node node) {
        String rule = "a mapping whose type is one of " + String.join(", ", RESPONSE_FORMAT_TYPES)
                + ", e.g. {type: json_object}";
        if (!(node instanceof MappingNode)) {
            section.problem(node, "response_format", "must be " + rule + ", found " + YamlMapping.describe(node));
            return Optional.empty();
        }
        JsonObject json = toJson(node).asJsonObject();
        JsonValue type = json.get("type");
        if (type == null || type.getValueType() != JsonValue.ValueType.STRING
                || !RESPONSE_FORMAT_TYPES.contains(json.getString("type"))) {
            section.problem(node, "response_format", "has no valid type; use " + rule);
            return Optional.empty();
        }
        if (json.getString("type").equals("json_schema") && !(json.get("json_schema") instanceof JsonObject)) {
            section.problem(node, "response_format",
                    "type json_schema needs a json_schema mapping with name and schema");
            return Optional.empty();
        }
        return Optional.of(json);
    }

    /** YAML to JSON by the node tags: integers stay integral and floats decimal, so values survive a round trip. */
    private static JsonValue toJson(Node node) {
        if (node instanceof MappingNode mapping) {
            JsonObjectBuilder object = Json.createObjectBuilder();
            for (NodeTuple tuple : mapping.getValue()) {
                object.add(tuple.getKeyNode() instanceof ScalarNode key ? key.getValue() : "?", toJson(tuple.getValueNode()));
            }
            return object.build();
        }
        if (node instanceof SequenceNode sequence) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            sequence.getValue().forEach(item -> array.add(toJson(item)));
            return array.build();
        }
        ScalarNode scalar = (ScalarNode) node;
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (Tag.INT.equals(tag)) {
                return Json.createValue(new BigInteger(text.replace("_", "")));
            }
            if (Tag.FLOAT.equals(tag)) {
                return Json.createValue(Double.parseDouble(text.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            return Json.createValue(text);
        }
        if (Tag.BOOL.equals(tag) && (text.equals("true") || text.equals("false"))) {
            return Boolean.parseBoolean(text) ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (Tag.NULL.equals(tag)) {
            return JsonValue.NULL;
        }
        return Json.createValue(text);
    }
}
