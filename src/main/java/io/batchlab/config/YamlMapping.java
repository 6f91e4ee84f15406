package io.batchlab.config;

import io.batchlab.store.Deployment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the config with typed, position-aware access to its keys. Wrong types, unknown and duplicate
 * keys are recorded in {@link ConfigProblems} (never thrown), so that loading goes on and finds every problem.
 * A key whose value is empty ({@code key:} or {@code key: null}) counts as absent.
 */
final class YamlMapping {

    private static final Set<String> SECRET_KEYS = Set.of("apikey", "key");

    private final Node node;
    /** Where a missing key is reported: the section's own key line, or the mapping itself at the top. */
    private Node missingAt;
    private final String path;
    private final ConfigProblems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    /** Not a mapping at all: already reported, so its keys are not reported missing one by one. */
    private boolean broken;

    private YamlMapping(Node node, String path, ConfigProblems problems) {
        this.node = node;
        this.missingAt = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * Reads {@code node} as a mapping with the given known keys, reporting unknown and duplicate keys. A node that is
     * not a mapping is reported and read as an empty mapping.
     */
    static YamlMapping of(Node node, String path, ConfigProblems problems, List<String> knownKeys) {
        YamlMapping mapping = new YamlMapping(node, path, problems);
        if (!(node instanceof MappingNode map)) {
            problems.add(node, path, "must be a mapping with the keys " + String.join(", ", knownKeys)
                    + ", found " + describe(node));
            mapping.broken = true;
            return mapping;
        }
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problems.add(keyNode, path, "keys must be plain names, found " + describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            NodeTuple first = mapping.entries.get(key);
            if (first != null) {
                problems.add(keyNode, mapping.dotted(key), "appears twice; first at line "
                        + (first.getKeyNode().getStartMark().getLine() + 1) + ", keep one");
            } else if (knownKeys.contains(key)) {
                mapping.entries.put(key, tuple);
            } else if (!isSecretKey(key)) {
                String hint = KeySuggestion.closest(key, knownKeys).map(k -> "did you mean '" + k + "'? ").orElse("");
                problems.add(keyNode, mapping.dotted(key), "unknown key; " + hint
                        + "allowed keys" + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", knownKeys));
            }
        }
        return mapping;
    }

    /** An optional section that is absent: every key reads as absent; problems point at {@code at}. */
    static YamlMapping absent(Node at, String path, ConfigProblems problems) {
        return new YamlMapping(at, path, problems);
    }

    /** Keys that look like an API key; the key must come from GROQ_API_KEY, never from a file. */
    static boolean isSecretKey(String key) {
        return SECRET_KEYS.contains(key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT));
    }

    String dotted(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value node of {@code key}, if present and not empty. */
    Optional<Node> value(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    /** Reports a missing required key at this mapping (or its key in the parent). */
    void missing(String key, String allowed) {
        if (broken) {
            return;
        }
        problems.add(missingAt, dotted(key), "is required; " + allowed);
    }

    void problem(Node at, String key, String message) {
        problems.add(at, dotted(key), message);
    }

    Optional<YamlMapping> mapping(String key, List<String> knownKeys) {
        return value(key).map(value -> {
            YamlMapping child = of(value, dotted(key), problems, knownKeys);
            child.missingAt = entries.get(key).getKeyNode();
            return child;
        });
    }

    /** A scalar as text exactly as written: {@code yes} stays "yes", {@code 42} becomes "42". */
    Optional<String> text(String key) {
        return value(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar) {
                return Optional.of(scalar.getValue());
            }
            problem(value, key, "must be text, found " + describe(value));
            return Optional.empty();
        });
    }

    /** A non-blank text, reported as missing when absent or blank. */
    Optional<String> requiredText(String key, String allowed) {
        Optional<String> text = text(key);
        if (text.isEmpty() && value(key).isEmpty()) {
            missing(key, allowed);
        } else if (text.isPresent() && text.get().isBlank()) {
            problem(value(key).orElseThrow(), key, "must not be blank; " + allowed);
            return Optional.empty();
        }
        return text.filter(t -> !t.isBlank());
    }

    /** An optional text that, when given, must not be blank. */
    Optional<String> nonBlankText(String key, String allowed) {
        return text(key).filter(text -> {
            if (text.isBlank()) {
                problem(value(key).orElseThrow(), key, "must not be blank; " + allowed);
                return false;
            }
            return true;
        });
    }

    Optional<Long> integer(String key, String allowed) {
        return value(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
                try {
                    return Optional.of(Long.parseLong(scalar.getValue().replace("_", "")));
                } catch (NumberFormatException e) {
                    problem(value, key, Deployment.quote(scalar.getValue()) + " is not a decimal integer; " + allowed);
                    return Optional.empty();
                }
            }
            problem(value, key, "must be an integer, found " + describe(value) + "; " + allowed);
            return Optional.empty();
        });
    }

    Optional<Double> number(String key, String allowed) {
        return value(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar
                    && (Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()))) {
                try {
                    double number = Double.parseDouble(scalar.getValue().replace("_", ""));
                    if (Double.isFinite(number)) {
                        return Optional.of(number);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                problem(value, key, Deployment.quote(scalar.getValue()) + " is not a finite decimal number; " + allowed);
                return Optional.empty();
            }
            problem(value, key, "must be a number, found " + describe(value) + "; " + allowed);
            return Optional.empty();
        });
    }

    /** A decimal number exactly as written ({@code 0.15} stays 0.15, no binary rounding), e.g. a price. */
    Optional<BigDecimal> decimal(String key, String allowed) {
        return value(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar
                    && (Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()))) {
                try {
                    return Optional.of(new BigDecimal(scalar.getValue().replace("_", "")));
                } catch (NumberFormatException e) {
                    problem(value, key, Deployment.quote(scalar.getValue()) + " is not a decimal number; " + allowed);
                    return Optional.empty();
                }
            }
            problem(value, key, "must be a number, found " + describe(value) + "; " + allowed);
            return Optional.empty();
        });
    }

    Optional<Boolean> bool(String key) {
        return value(key).flatMap(value -> {
            if (value instanceof ScalarNode scalar) {
                String text = scalar.getValue();
                if (text.equals("true") || text.equals("false")) {
                    return Optional.of(Boolean.parseBoolean(text));
                }
            }
            problem(value, key, "must be true or false, found " + describe(value));
            return Optional.empty();
        });
    }

    /** A list of non-blank texts; a single text is accepted as a list of one when {@code singleAllowed}. */
    Optional<List<String>> textList(String key, boolean singleAllowed, String allowed) {
        return value(key).flatMap(value -> {
            if (singleAllowed && value instanceof ScalarNode scalar) {
                return Optional.of(List.of(scalar.getValue()));
            }
            if (!(value instanceof SequenceNode sequence)) {
                problem(value, key, "must be a list, found " + describe(value) + "; " + allowed);
                return Optional.empty();
            }
            List<String> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                if (item instanceof ScalarNode scalar && !isNull(item) && !scalar.getValue().isBlank()) {
                    items.add(scalar.getValue());
                } else {
                    problem(item, key, "items must be non-blank text, found " + describe(item) + "; " + allowed);
                    return Optional.empty();
                }
            }
            return Optional.of(items);
        });
    }

    private static boolean isNull(Node node) {
        return Tag.NULL.equals(node.getTag());
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (Tag.NULL.equals(node.getTag())) {
            return "nothing";
        }
        String value = ((ScalarNode) node).getValue();
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return (Tag.STR.equals(node.getTag()) ? "text " : "") + Deployment.quote(shown);
    }
}
