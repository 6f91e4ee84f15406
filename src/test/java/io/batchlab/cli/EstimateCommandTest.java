package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.cost.CostEstimate;
import io.batchlab.cost.Price;
import io.batchlab.cost.Prices;
import io.batchlab.cost.RequestTokens;
import io.batchlab.request.BatchLine;
import io.batchlab.request.UserRequestBuilder;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code batchlab run CONFIG --estimate}: every request built, counted and priced; nothing created. */
class EstimateCommandTest {

    private static final Path EXAMPLE = Path.of("experiments/examples/closed-target.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void printsRequestsTokensAndTheCostRangeOfTheExampleAndCreatesNothing() throws Exception {
        // given: the expectation built from the same input, user by user, with the request builder
        ExperimentConfig config = ExperimentConfigLoader.load(EXAMPLE);
        CostEstimate expected = expectedEstimate(config);
        Price price = Prices.of(config.model()).orElseThrow();
        Path root = dir.resolve("experiments");

        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "run", EXAMPLE.toString(), "--estimate");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout())
                .contains("nothing was submitted and no run was created")
                .contains("users:          30\n")
                .contains("requests:       " + expected.requests() + "\n")
                .contains("input tokens:   " + expected.inputTokens() + " counted with o200k_base (jtokkit); assumed"
                        + " between " + expected.lowInputTokens() + " and " + expected.highInputTokens())
                .contains("at most " + expected.maxOutputTokens() + " (max_completion_tokens")
                .contains("price:          " + price.describe())
                .contains("estimated cost: " + Price.text(expected.low(price)) + " to "
                        + Price.text(expected.high(price).orElseThrow()) + " USD at the batch price");
        // 118 posts, each asking for at most max_completion_tokens: 512
        assertThat(expected.requests()).isEqualTo(118);
        assertThat(expected.maxOutputTokens()).isEqualTo(118 * 512);
        assertThat(root).doesNotExist();
    }

    @Test
    void aModelWithoutPriceGetsTokensButAnUnknownCostThatSaysWhatToAdd() throws Exception {
        // given
        Path config = dir.resolve("qwen.yaml");
        Files.writeString(config, Files.readString(EXAMPLE, StandardCharsets.UTF_8)
                .replace("id: openai/gpt-oss-120b", "id: qwen/qwen3.6-27b")
                .replace("jsonl: data/posts.jsonl", "jsonl: " + EXAMPLE.getParent().resolve("data/posts.jsonl")));
        Path root = dir.resolve("experiments");

        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "run", config.toString(), "--estimate");

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("requests:       118")
                .contains("estimated cost: unknown: no price for model qwen/qwen3.6-27b")
                .contains("add model.price {input: USD, output: USD}");
        assertThat(root).doesNotExist();
    }

    /** Each user's records in input order, built into batch lines and counted. */
    private static CostEstimate expectedEstimate(ExperimentConfig config) throws Exception {
        Map<String, List<JsonObject>> byUser = new LinkedHashMap<>();
        for (String line : Files.readAllLines(config.input().path(), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject record = Json.createReader(new StringReader(line)).readObject();
            byUser.computeIfAbsent(record.getString("user_id"), id -> new ArrayList<>()).add(record);
        }
        UserRequestBuilder builder = new UserRequestBuilder(config);
        Price price = Prices.of(config.model()).orElseThrow();
        CostEstimate sum = CostEstimate.NONE;
        for (Map.Entry<String, List<JsonObject>> user : byUser.entrySet()) {
            for (BatchLine request : builder.build(new UserId(user.getKey()), user.getValue())) {
                sum = sum.plus(CostEstimate.of(RequestTokens.ofLine(request.toJsonLine()),
                        price.maxCompletionTokens()));
            }
        }
        return sum;
    }
}
