package io.batchlab.cli;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.cost.CostEstimate;
import io.batchlab.cost.Price;
import io.batchlab.cost.Prices;
import io.batchlab.cost.RequestTokens;
import io.batchlab.job.RunEstimate;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

/** Prints what {@code batchlab run CONFIG --estimate} found (README, "What a run costs"). */
final class EstimateReport {

    private EstimateReport() {
    }

    static void print(Path config, ExperimentConfig loaded, RunEstimate estimate, PrintStream out) {
        CostEstimate requests = estimate.requests();
        out.println("Estimate for " + config + " (model " + loaded.model().id() + "): nothing was submitted and no"
                + " run was created");
        out.println("users:          " + estimate.users() + (estimate.skippedUsers() == 0 ? ""
                : " (" + estimate.skippedUsers() + " would be skipped: their requests cannot be built)"));
        out.println("requests:       " + requests.requests());
        out.println("input tokens:   " + requests.inputTokens() + " counted with " + RequestTokens.TOKENIZER
                + "; assumed between " + requests.lowInputTokens() + " and " + requests.highInputTokens()
                + " as the provider counts them");
        out.println("output tokens:  at least " + requests.requests() + " (one per answer), at most "
                + (requests.unboundedRequests() > 0 ? "unknown (" + requests.unboundedRequests()
                + " requests set no max_completion_tokens and the model's limit is not known)"
                : String.valueOf(requests.maxOutputTokens()) + " (max_completion_tokens, else the model's limit)"));
        Optional<Price> price = estimate.price();
        if (price.isEmpty()) {
            out.println("estimated cost: unknown: " + Prices.unknown(loaded.model().id()));
            return;
        }
        out.println("price:          " + price.get().describe());
        BigDecimal low = requests.low(price.get());
        Optional<BigDecimal> high = requests.high(price.get());
        out.println("estimated cost: " + Price.text(low) + " to " + high.map(Price::text).orElse("(no upper end)")
                + " USD at the batch price");
        loaded.provider().maxCost().ifPresent(cap -> out.println("max_cost:       " + Price.text(cap) + " USD: "
                + (high.isPresent() && high.get().compareTo(cap) <= 0
                        ? "the whole run fits under it"
                        : "submitting stops before the estimate of what is submitted passes it")));
    }
}
