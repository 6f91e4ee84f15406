package io.batchlab.config;

import com.samskivert.mustache.MustacheException;
import io.batchlab.store.Deployment;
import io.batchlab.store.RunId;
import io.batchlab.window.BatchWindow;
import io.batchlab.window.DurationText;
import io.batchlab.window.InvalidWindowException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads config.yaml into a validated {@link ExperimentConfig}: SnakeYAML composes the node tree (safe: no objects
 * are constructed), and this class is the one place that turns it into records. Every problem is collected with its
 * file, line, column and dotted key, and all of them are thrown together in one {@link ConfigException}.
 */
public final class ExperimentConfigLoader {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.groq.com/openai/v1");
    public static final String DEFAULT_COMPLETION_WINDOW = "24h";
    public static final int DEFAULT_MAX_CONCURRENCY = 4;
    public static final double DEFAULT_REQUESTS_PER_SECOND = 5;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
    /** The default collect deadline is the completion window plus this grace, for the provider's last results. */
    public static final Duration COLLECT_GRACE = Duration.ofHours(1);
    public static final String DEFAULT_USER_ID_FIELD = "user_id";
    /** The experiment type whose prompts need a closed set of answers. */
    public static final String CLOSED_TARGET = "CT";

    static final List<String> SECTIONS = List.of("experiment", "model", "provider", "prompt", "input");
    /** The sections plus the optional batch window. */
    static final List<String> TOP_LEVEL_KEYS = List.of("experiment", "model", "provider", "prompt", "input", "window");
    static final List<String> EXPERIMENT_KEYS = List.of("type", "description", "time_zone");
    static final List<String> MODEL_KEYS = List.of("code", "id", "parameters", "price");
    static final List<String> PRICE_KEYS = List.of("input", "output", "batch_discount");
    static final List<String> PROVIDER_KEYS = List.of("base_url", "completion_window", "max_concurrency",
            "requests_per_second", "poll_interval", "collect_deadline", "max_cost", "pack");
    static final List<String> PACK_KEYS = List.of("users", "requests");
    static final List<String> PROMPT_KEYS = List.of("system", "user", "allowed_answers");
    static final List<String> INPUT_KEYS = List.of("jsonl", "directory", "user_id_field", "requests", "sample",
            "record_key");
    static final List<String> SAMPLE_KEYS = List.of("users", "seed");

    private static final String CODE_RULE = "1-16 uppercase letters or digits";

    /*
     * Bounds on what a config file may make the loader do, far above any real config (a few hundred nodes, a few KB).
     * SnakeYAML's alias limit alone does not help: 50 aliases that each double the one before expand to 2^50 nodes
     * for every walk over the tree, so the expanded node count is bounded too.
     */
    static final int MAX_ALIASES = 50;
    static final int MAX_NESTING = 50;
    static final int MAX_CODE_POINTS = 1 << 20;
    static final int MAX_NODES = 100_000;

    private ExperimentConfigLoader() {
    }

    /** An experiment config: without {@code provider.pack} it packs by {@link PackConfig#DEFAULT}. */
    public static ExperimentConfig load(Path file) throws ConfigException {
        return load(file, PackConfig.DEFAULT);
    }

    /**
     * A run's recorded config.yaml. Runs record {@code pack}; one recorded before packing became the default has none
     * and ran one batch per user, so it restarts that way.
     */
    public static ExperimentConfig loadRecorded(Path runConfig) throws ConfigException {
        return load(runConfig, PackConfig.ONE_USER);
    }

    private static ExperimentConfig load(Path file, PackConfig absentPack) {
        return load(file, () -> Files.newBufferedReader(file, StandardCharsets.UTF_8),
                file.toAbsolutePath().normalize().getParent(), absentPack);
    }

    /**
     * A config sent as text (the runs API); relative input paths resolve against {@code baseDirectory}.
     *
     * @param name how problems name it, e.g. {@code "config_yaml"} for the request's field
     */
    public static ExperimentConfig load(String yaml, String name, Path baseDirectory) throws ConfigException {
        return load(Path.of(name), () -> new StringReader(yaml), baseDirectory, PackConfig.DEFAULT);
    }

    private static ExperimentConfig load(Path file, ReaderSource source, Path baseDirectory, PackConfig absentPack) {
        ConfigProblems problems = new ConfigProblems(file);
        Node root = compose(source, problems);
        problems.throwIfAny();
        if (root != null && expandsBeyondTheNodeLimit(root)) {
            problems.addForWholeFile("expands to more than " + MAX_NODES + " YAML nodes through its aliases (*name) "
                    + "and anchors (&name), more than any config needs; write the values out instead of multiplying "
                    + "them with aliases");
            problems.throwIfAny();
        }
        if (root == null) {
            problems.addForWholeFile("the file is empty; it needs the sections " + String.join(", ", SECTIONS));
            problems.throwIfAny();
        }
        reportSecretKeys(root, "", problems);
        YamlMapping top = YamlMapping.of(root, "", problems, TOP_LEVEL_KEYS);

        ExperimentSection experiment = requiredSection(top, "experiment", EXPERIMENT_KEYS)
                .map(ExperimentConfigLoader::experiment).orElse(null);
        ModelConfig model = requiredSection(top, "model", MODEL_KEYS)
                .map(ExperimentConfigLoader::model).orElse(null);
        ProviderConfig provider = provider(top.mapping("provider", PROVIDER_KEYS)
                .orElseGet(() -> YamlMapping.absent(root, "provider", problems)), absentPack);
        String type = experiment == null ? null : experiment.type();
        PromptConfig prompt = requiredSection(top, "prompt", PROMPT_KEYS)
                .map(section -> prompt(section, type)).orElse(null);
        InputConfig input = requiredSection(top, "input", INPUT_KEYS)
                .map(section -> input(section, baseDirectory)).orElse(null);
        ZoneId zone = experiment == null ? ZoneId.systemDefault() : experiment.timeZone();
        Optional<BatchWindow> window = window(top, zone);

        problems.throwIfAny();
        return new ExperimentConfig(experiment, model, provider, prompt, input, window);
    }

    /** Opens the YAML text; a file is read only once the caller has decided it may be read. */
    @FunctionalInterface
    private interface ReaderSource {
        Reader open() throws IOException;
    }

    private static Node compose(ReaderSource source, ConfigProblems problems) {
        try (Reader reader = source.open()) {
            return new Yaml(new SafeConstructor(loaderOptions())).compose(reader);
        } catch (MarkedYAMLException e) {
            // the problem text only: the snippet SnakeYAML adds could echo a secret from the file
            problems.add(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark(), "",
                    "YAML syntax error: " + e.getProblem()
                            + (e.getContext() != null ? " (" + e.getContext() + ")" : ""));
        } catch (YAMLException e) {
            problems.addForWholeFile(e.getCause() instanceof CharacterCodingException
                    ? "is not UTF-8 text; save the config file as UTF-8" : "not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            problems.addForWholeFile("cannot read the config file: " + e);
        }
        return null;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /**
     * Walks the tree as every later walk does, an alias's target once per alias, and stops at {@link #MAX_NODES}.
     * Iterative, so that a deep or self-referencing tree cannot overflow the stack either.
     */
    static boolean expandsBeyondTheNodeLimit(Node root) {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        int visited = 0;
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (++visited > MAX_NODES) {
                return true;
            }
            if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    pending.push(tuple.getKeyNode());
                    pending.push(tuple.getValueNode());
                }
            } else if (node instanceof SequenceNode sequence) {
                sequence.getValue().forEach(pending::push);
            }
        }
        return false;
    }

    /** An API key in a file ends up copied into experiments/ and version control: refuse it wherever it is. */
    private static void reportSecretKeys(Node node, String path, ConfigProblems problems) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
                String dotted = path.isEmpty() ? key : path + "." + key;
                if (YamlMapping.isSecretKey(key)) {
                    problems.add(tuple.getKeyNode(), dotted, "API keys never go into config files: remove this"
                            + " key and set the environment variable GROQ_API_KEY instead");
                }
                reportSecretKeys(tuple.getValueNode(), dotted, problems);
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> reportSecretKeys(item, path, problems));
        }
    }

    private static Optional<YamlMapping> requiredSection(YamlMapping top, String name, List<String> keys) {
        Optional<YamlMapping> section = top.mapping(name, keys);
        if (section.isEmpty()) {
            top.missing(name, "a mapping with the keys " + String.join(", ", keys));
        }
        return section;
    }

    private static ExperimentSection experiment(YamlMapping section) {
        String type = section.requiredText("type", "the experiment-type code, " + CODE_RULE + " (e.g. CT, OT)")
                .filter(code -> validCode(section, "type", code)).orElse(null);
        String description = section.requiredText("description", "a short description of the experiment")
                .orElse(null);
        ZoneId zone = section.text("time_zone").flatMap(text -> {
            try {
                return Optional.of(ZoneId.of(text));
            } catch (DateTimeException e) {
                section.problem(section.value("time_zone").orElseThrow(), "time_zone", Deployment.quote(text)
                        + " is not a time zone; use a region id like Europe/Berlin or UTC");
                return Optional.empty();
            }
        }).orElseGet(ZoneId::systemDefault);
        return new ExperimentSection(type, description, zone);
    }

    private static boolean validCode(YamlMapping section, String key, String code) {
        try {
            RunId.checkCode("value", code);
            return true;
        } catch (IllegalArgumentException e) {
            section.problem(section.value(key).orElseThrow(), key, e.getMessage());
            return false;
        }
    }

    private static ModelConfig model(YamlMapping section) {
        String code = section.requiredText("code", "the model code of the run id, " + CODE_RULE + " (e.g. GPT120B)")
                .filter(text -> validCode(section, "code", text)).orElse(null);
        String id = section.requiredText("id", "the provider's model id, e.g. openai/gpt-oss-120b")
                .filter(text -> {
                    if (text.chars().anyMatch(Character::isWhitespace)) {
                        section.problem(section.value("id").orElseThrow(), "id",
                                "must not contain spaces; use the provider's model id, e.g. openai/gpt-oss-120b");
                        return false;
                    }
                    return true;
                }).orElse(null);
        ModelParameters parameters = section.mapping("parameters", ModelParametersReader.KEYS)
                .map(ModelParametersReader::read).orElse(ModelParameters.NONE);
        Optional<ModelPrice> price = section.mapping("price", PRICE_KEYS).flatMap(ExperimentConfigLoader::price);
        return new ModelConfig(code, id, parameters, price);
    }

    /** {@code model.price}: both prices required, in USD per million tokens at the list price. */
    private static Optional<ModelPrice> price(YamlMapping section) {
        String rule = "USD per million tokens at the provider's list price, a number of at least 0 (e.g. 0.15)";
        Optional<BigDecimal> input = nonNegative(section, "input", rule);
        Optional<BigDecimal> output = nonNegative(section, "output", rule);
        for (String key : List.of("input", "output")) {
            if (section.value(key).isEmpty()) {
                section.missing(key, rule);
            }
        }
        String discountRule = "the share batch requests are cheaper, 0 to 1 (0.5 = half price; default: the price"
                + " table's)";
        Optional<BigDecimal> discount = section.decimal("batch_discount", discountRule).filter(d -> {
            if (d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
                section.problem(section.value("batch_discount").orElseThrow(), "batch_discount",
                        d.toPlainString() + " is out of range; use " + discountRule);
                return false;
            }
            return true;
        });
        if (input.isEmpty() || output.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ModelPrice(input.get(), output.get(), discount));
    }

    private static Optional<BigDecimal> nonNegative(YamlMapping section, String key, String rule) {
        return section.decimal(key, rule).filter(d -> {
            if (d.signum() < 0) {
                section.problem(section.value(key).orElseThrow(), key, d.toPlainString() + " is negative; use " + rule);
                return false;
            }
            return true;
        });
    }

    private static ProviderConfig provider(YamlMapping section, PackConfig absentPack) {
        URI baseUrl = section.text("base_url").flatMap(text -> baseUrl(section, text)).orElse(DEFAULT_BASE_URL);
        String window = section.text("completion_window").filter(text -> {
            if (CompletionWindows.parse(text).isEmpty()) {
                section.problem(section.value("completion_window").orElseThrow(), "completion_window",
                        Deployment.quote(text) + " is not allowed; use " + CompletionWindows.ALLOWED);
                return false;
            }
            return true;
        }).orElse(DEFAULT_COMPLETION_WINDOW);
        String concurrencyRule = "an integer of at least 1 (default " + DEFAULT_MAX_CONCURRENCY + ")";
        int concurrency = section.integer("max_concurrency", concurrencyRule)
                .filter(n -> inRange(section, "max_concurrency", n, 1, Integer.MAX_VALUE, concurrencyRule))
                .map(Long::intValue).orElse(DEFAULT_MAX_CONCURRENCY);
        String rateRule = "a number greater than 0 (default 5)";
        double rate = section.number("requests_per_second", rateRule).filter(n -> {
            if (n <= 0) {
                section.problem(section.value("requests_per_second").orElseThrow(), "requests_per_second",
                        n + " is out of range; use " + rateRule);
                return false;
            }
            return true;
        }).orElse(DEFAULT_REQUESTS_PER_SECOND);
        Duration poll = duration(section, "poll_interval").orElse(DEFAULT_POLL_INTERVAL);
        Duration deadline = duration(section, "collect_deadline").filter(d -> {
            if (d.compareTo(poll) <= 0) {
                section.problem(section.value("collect_deadline").orElseThrow(), "collect_deadline",
                        "must be longer than poll_interval (" + DurationText.format(poll) + ")");
                return false;
            }
            return true;
        }).orElse(CompletionWindows.parse(window).orElseThrow().plus(COLLECT_GRACE));
        String costRule = CostAmount.RULE;
        Optional<BigDecimal> maxCost = section.decimal("max_cost", costRule).filter(d -> {
            if (d.signum() <= 0) {
                section.problem(section.value("max_cost").orElseThrow(), "max_cost",
                        d.toPlainString() + " is out of range; use " + costRule);
                return false;
            }
            return true;
        });
        return new ProviderConfig(baseUrl, window, concurrency, rate, poll, deadline, maxCost,
                pack(section, absentPack));
    }

    /**
     * {@code pack: {users: N}} and/or {@code {requests: N}}, or a bare {@code pack: N} for N users; absent:
     * {@code absentPack}.
     */
    private static PackConfig pack(YamlMapping section, PackConfig absentPack) {
        String usersRule = "users per pack, 1 to " + PackConfig.MAX + " (1 = one batch per user)";
        String requestsRule = "the request count that closes a pack, 1 to " + PackConfig.MAX
                + " (the default is " + PackConfig.DEFAULT.requests() + ", as the provider suggests)";
        if (section.value("pack").filter(ScalarNode.class::isInstance).isPresent()) {
            return section.integer("pack", usersRule)
                    .filter(n -> inRange(section, "pack", n, 1, PackConfig.MAX, usersRule))
                    .map(n -> new PackConfig(n.intValue(), 0)).orElse(PackConfig.ONE_USER);
        }
        Optional<YamlMapping> pack = section.mapping("pack", PACK_KEYS);
        if (pack.isEmpty()) {
            return absentPack;
        }
        Optional<Long> users = pack.get().integer("users", usersRule)
                .filter(n -> inRange(pack.get(), "users", n, 1, PackConfig.MAX, usersRule));
        Optional<Long> requests = pack.get().integer("requests", requestsRule)
                .filter(n -> inRange(pack.get(), "requests", n, 1, PackConfig.MAX, requestsRule));
        if (pack.get().value("users").isEmpty() && pack.get().value("requests").isEmpty()) {
            pack.get().missing("users", "pack needs users, requests or both; " + usersRule);
            return PackConfig.ONE_USER;
        }
        return new PackConfig(users.map(Long::intValue).orElse(PackConfig.MAX),
                requests.map(Long::intValue).orElse(0));
    }

    private static Optional<URI> baseUrl(YamlMapping section, String text) {
        String rule = "an http or https URL such as " + DEFAULT_BASE_URL;
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null && uri.getUserInfo() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        section.problem(section.value("base_url").orElseThrow(), "base_url",
                Deployment.quote(text) + " is not allowed; use " + rule + " (no user info, query or fragment)");
        return Optional.empty();
    }

    private static Optional<Duration> duration(YamlMapping section, String key) {
        return section.text(key).flatMap(text -> {
            Optional<Duration> duration = DurationText.parse(text).filter(d -> !d.isZero());
            if (duration.isEmpty()) {
                section.problem(section.value(key).orElseThrow(), key, Deployment.quote(text)
                        + " is not a duration; use " + DurationText.GRAMMAR + " (greater than 0)");
            }
            return duration;
        });
    }

    static boolean inRange(YamlMapping section, String key, double value, double min, double max, String rule) {
        if (value < min || value > max) {
            section.problem(section.value(key).orElseThrow(), key,
                    (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value))
                            + " is out of range; use " + rule);
            return false;
        }
        return true;
    }

    private static PromptConfig prompt(YamlMapping section, String experimentType) {
        String system = section.nonBlankText("system", "a Mustache template, or leave the key out for no system message")
                .filter(text -> compiles(section, "system", text)).orElse(null);
        String user = section.requiredText("user", "a Mustache template such as \"{{text}}\"")
                .filter(text -> compiles(section, "user", text)).orElse(null);
        String answersRule = "a list of distinct, non-blank answers, e.g. [yes, no]";
        List<String> answers = section.textList("allowed_answers", false, answersRule).filter(list -> {
            Set<String> seen = new HashSet<>();
            for (String answer : list) {
                if (!seen.add(answer)) {
                    section.problem(section.value("allowed_answers").orElseThrow(), "allowed_answers",
                            Deployment.quote(answer) + " appears twice; use " + answersRule);
                    return false;
                }
            }
            return true;
        }).orElse(List.of());
        if (CLOSED_TARGET.equals(experimentType) && section.value("allowed_answers").isEmpty()) {
            section.missing("allowed_answers", "closed-target (CT) experiments need the closed set of answers, "
                    + answersRule);
        }
        return new PromptConfig(system, user, answers);
    }

    private static boolean compiles(YamlMapping section, String key, String template) {
        try {
            PromptTemplates.compile(template);
            return true;
        } catch (MustacheException e) {
            section.problem(section.value(key).orElseThrow(), key,
                    "is not a valid Mustache template: " + e.getMessage());
            return false;
        }
    }

    private static InputConfig input(YamlMapping section, Path baseDirectory) {
        Optional<Node> jsonl = section.value("jsonl");
        Optional<Node> directory = section.value("directory");
        String sourceRule = "exactly one of jsonl (a file with one record per line) or directory"
                + " (one USER_ID.jsonl or USER_ID.json file per user)";
        InputConfig.Kind kind = null;
        Path path = null;
        if (jsonl.isPresent() && directory.isPresent()) {
            section.problem(directory.get(), "directory", "cannot be combined with input.jsonl; use " + sourceRule);
        } else if (jsonl.isEmpty() && directory.isEmpty()) {
            section.missing("jsonl", sourceRule);
        } else if (jsonl.isPresent()) {
            kind = InputConfig.Kind.JSONL;
            path = section.text("jsonl").map(text -> existing(section, "jsonl", baseDirectory, text, false))
                    .orElse(null);
        } else {
            kind = InputConfig.Kind.DIRECTORY;
            path = section.text("directory").map(text -> existing(section, "directory", baseDirectory, text, true))
                    .orElse(null);
        }
        String userIdField = section.nonBlankText("user_id_field", "the record field holding the user id")
                .orElse(DEFAULT_USER_ID_FIELD);
        InputConfig.Requests requests = section.text("requests").flatMap(text -> {
            for (InputConfig.Requests candidate : InputConfig.Requests.values()) {
                if (candidate.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return Optional.of(candidate);
                }
            }
            section.problem(section.value("requests").orElseThrow(), "requests",
                    Deployment.quote(text) + " is not allowed; use per_record (one request per record, the default)"
                            + " or per_user (all of a user's records in one request)");
            return Optional.empty();
        }).orElse(InputConfig.Requests.PER_RECORD);
        OptionalInt sampleUsers = OptionalInt.empty();
        long sampleSeed = 0;
        Optional<YamlMapping> sample = section.mapping("sample", SAMPLE_KEYS);
        if (sample.isPresent()) {
            String usersRule = "the number of users to draw, at least 1";
            Optional<Long> users = sample.get().integer("users", usersRule)
                    .filter(n -> inRange(sample.get(), "users", n, 1, Integer.MAX_VALUE, usersRule));
            if (sample.get().value("users").isEmpty()) {
                sample.get().missing("users", usersRule);
            }
            sampleUsers = users.map(n -> OptionalInt.of(n.intValue())).orElse(OptionalInt.empty());
            sampleSeed = sample.get().integer("seed", "any integer (default 0)").orElse(0L);
        }
        return new InputConfig(kind, path, userIdField, requests, sampleUsers, sampleSeed,
                recordKey(section, requests));
    }

    /** A per_user request answers for all of a user's records: its record key is the user id, nothing to choose. */
    private static String recordKey(YamlMapping section, InputConfig.Requests requests) {
        Optional<String> field = section.nonBlankText("record_key",
                "the record field that identifies a record, e.g. post_id (per_record requests only)");
        if (field.isPresent() && requests == InputConfig.Requests.PER_USER) {
            section.problem(section.value("record_key").orElseThrow(), "record_key", "applies to per_record"
                    + " requests only: with requests: per_user a request covers all of a user's records and its"
                    + " record key is the user id; remove record_key or use requests: per_record");
            return null;
        }
        return field.orElse(null);
    }

    /** A window expression, or a list of openings that together form the window. */
    private static Optional<BatchWindow> window(YamlMapping top, ZoneId zone) {
        String allowed = BatchWindow.GRAMMAR + "; quote it, or give a list with one 'CRON for DURATION' per item";
        return top.textList("window", true, allowed).flatMap(openings -> {
            try {
                return Optional.of(BatchWindow.parse(String.join("; ", openings), zone));
            } catch (InvalidWindowException e) {
                top.problem(top.value("window").orElseThrow(), "window", e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static Path existing(YamlMapping section, String key, Path baseDirectory, String text,
                                 boolean wantDirectory) {
        Path resolved;
        try {
            // before anything is looked at: whether a file outside exists is none of the operator's business
            resolved = DataRoots.configured().readable(baseDirectory.resolve(text), "input." + key);
        } catch (OutsideDataRootsException e) {
            section.problem(section.value(key).orElseThrow(), key, e.getMessage());
            return null;
        }
        boolean ok = wantDirectory ? Files.isDirectory(resolved) : Files.isRegularFile(resolved);
        if (!ok) {
            String what = wantDirectory ? "directory" : "file";
            String found = Files.exists(resolved) ? " is not a " + what : " does not exist";
            section.problem(section.value(key).orElseThrow(), key, "input " + what + " " + resolved + found
                    + " (relative paths resolve against the config file's directory " + baseDirectory + ")");
            return null;
        }
        return resolved;
    }
}
