package io.batchlab.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The shipped, dated price table ({@code io/batchlab/cost/groq-prices.yaml}): Groq's list prices of its current
 * batch-capable chat models, the batch discount, where they come from and the day they were read.
 */
public final class PriceTable {

    static final String RESOURCE = "/io/batchlab/cost/groq-prices.yaml";
    private static final PriceTable SHIPPED = load(RESOURCE);

    private final LocalDate asOf;
    private final String source;
    private final BigDecimal batchDiscount;
    private final Map<String, Price> models;

    private PriceTable(LocalDate asOf, String source, BigDecimal batchDiscount, Map<String, Price> models) {
        this.asOf = asOf;
        this.source = source;
        this.batchDiscount = batchDiscount;
        this.models = models;
    }

    public static PriceTable shipped() {
        return SHIPPED;
    }

    public LocalDate asOf() {
        return asOf;
    }

    public String source() {
        return source;
    }

    public BigDecimal batchDiscount() {
        return batchDiscount;
    }

    /** The model's price as listed, if the table has it. */
    public Optional<Price> find(String modelId) {
        return Optional.ofNullable(models.get(modelId));
    }

    public Map<String, Price> models() {
        return models;
    }

    static PriceTable load(String resource) {
        Map<?, ?> root;
        try (InputStream in = PriceTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the price table " + resource + " is missing from the class path");
            }
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the price table " + resource, e);
        }
        LocalDate asOf = LocalDate.parse(String.valueOf(root.get("as_of")));
        String source = String.valueOf(root.get("source"));
        BigDecimal discount = decimal(root.get("batch_discount"));
        String described = source + ", as of " + asOf;
        Map<String, Price> models = new LinkedHashMap<>();
        ((Map<?, ?>) root.get("models")).forEach((id, entry) -> {
            Map<?, ?> fields = (Map<?, ?>) entry;
            OptionalInt max = fields.get("max_completion_tokens") instanceof Integer n
                    ? OptionalInt.of(n) : OptionalInt.empty();
            models.put((String) id, new Price((String) id, decimal(fields.get("input")), decimal(fields.get("output")),
                    discount, max, described));
        });
        return new PriceTable(asOf, source, discount, Map.copyOf(models));
    }

    /** SnakeYAML reads 0.15 as a double; its shortest text is the number as written. */
    private static BigDecimal decimal(Object number) {
        return new BigDecimal(String.valueOf(number));
    }
}
