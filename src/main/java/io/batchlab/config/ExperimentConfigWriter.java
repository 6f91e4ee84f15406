package io.batchlab.config;

import io.batchlab.window.DurationText;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes the resolved config (every default filled in, the input path absolute) as the config.yaml of a run, so a
 * run records exactly what it ran with. Keys come in a fixed order, so the same config always gives the same bytes,
 * and {@code ExperimentConfigLoader.load} of the output gives an equal config. The config holds no secrets.
 */
public final class ExperimentConfigWriter {

    private ExperimentConfigWriter() {
    }

    public static String toYaml(ExperimentConfig config) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("experiment", experiment(config.experiment()));
        root.put("model", model(config.model()));
        root.put("provider", provider(config.provider()));
        root.put("prompt", prompt(config.prompt()));
        root.put("input", input(config.input()));
        config.window().ifPresent(window -> root.put("window", window.expression()));
        return yaml().dump(root);
    }

    private static Map<String, Object> experiment(ExperimentSection experiment) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("type", experiment.type());
        section.put("description", experiment.description());
        section.put("time_zone", experiment.timeZone().getId());
        return section;
    }

    private static Map<String, Object> model(ModelConfig model) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("code", model.code());
        section.put("id", model.id());
        JsonObject parameters = model.parameters().toJson();
        if (!parameters.isEmpty()) {
            section.put("parameters", plain(parameters));
        }
        model.price().ifPresent(price -> {
            Map<String, Object> written = new LinkedHashMap<>();
            written.put("input", price.inputPerMillion());
            written.put("output", price.outputPerMillion());
            price.batchDiscount().ifPresent(discount -> written.put("batch_discount", discount));
            section.put("price", written);
        });
        return section;
    }

    private static Map<String, Object> provider(ProviderConfig provider) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("base_url", provider.baseUrl().toString());
        section.put("completion_window", provider.completionWindow());
        section.put("max_concurrency", provider.maxConcurrency());
        section.put("requests_per_second", provider.requestsPerSecond());
        section.put("poll_interval", DurationText.format(provider.pollInterval()));
        section.put("collect_deadline", DurationText.format(provider.collectDeadline()));
        provider.maxCost().ifPresent(cost -> section.put("max_cost", cost));
        // always: a config.yaml without pack is read as a run recorded before packing (one batch per user)
        Map<String, Object> pack = new LinkedHashMap<>();
        if (provider.pack().users() < PackConfig.MAX || provider.pack().requests() == 0) {
            pack.put("users", provider.pack().users());
        }
        if (provider.pack().requests() > 0) {
            pack.put("requests", provider.pack().requests());
        }
        section.put("pack", pack);
        return section;
    }

    private static Map<String, Object> prompt(PromptConfig prompt) {
        Map<String, Object> section = new LinkedHashMap<>();
        if (prompt.system() != null) {
            section.put("system", prompt.system());
        }
        section.put("user", prompt.user());
        if (!prompt.allowedAnswers().isEmpty()) {
            section.put("allowed_answers", prompt.allowedAnswers());
        }
        return section;
    }

    private static Map<String, Object> input(InputConfig input) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put(input.kind().name().toLowerCase(Locale.ROOT), input.path().toString());
        section.put("user_id_field", input.userIdField());
        section.put("requests", input.requests().name().toLowerCase(Locale.ROOT));
        input.sampleUsers().ifPresent(users -> {
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("users", users);
            sample.put("seed", input.sampleSeed());
            section.put("sample", sample);
        });
        if (input.recordKey() != null) {
            section.put("record_key", input.recordKey());
        }
        return section;
    }

    /** JSON to plain values; integral numbers stay integers so that loading gives back the same JSON. */
    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((key, item) -> map.put(key, plain(item)));
                yield map;
            }
            case ARRAY -> ((JsonArray) value).stream().map(ExperimentConfigWriter::plain).toList();
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral()
                    ? ((JsonNumber) value).bigIntegerValue() : (Object) ((JsonNumber) value).doubleValue();
            case TRUE -> true;
            case FALSE -> false;
            case NULL -> null;
        };
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setAllowUnicode(true);
        options.setWidth(Integer.MAX_VALUE);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        return new Yaml(new TemplateFriendlyRepresenter(options), options);
    }

    /** Multi-line texts (prompt templates) as literal blocks, so config.yaml of a run stays readable. */
    private static final class TemplateFriendlyRepresenter extends Representer {

        TemplateFriendlyRepresenter(DumperOptions options) {
            super(options);
            representers.put(String.class, data -> {
                String text = (String) data;
                return representScalar(Tag.STR, text, text.contains("\n")
                        ? DumperOptions.ScalarStyle.LITERAL : DumperOptions.ScalarStyle.PLAIN);
            });
            // amounts as written, without binary rounding: 0.15 stays 0.15
            representers.put(BigDecimal.class, data -> {
                BigDecimal amount = (BigDecimal) data;
                String text = amount.toPlainString();
                return representScalar(amount.scale() > 0 ? Tag.FLOAT : Tag.INT, text);
            });
        }
    }
}
