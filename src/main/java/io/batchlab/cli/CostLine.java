package io.batchlab.cli;

import io.batchlab.cost.Price;
import io.batchlab.store.RunStatus;
import java.math.BigDecimal;

/** status.json's tokens and cost in one line of {@code batchlab status RUN_ID}. */
final class CostLine {

    private CostLine() {
    }

    static String of(RunStatus status) {
        RunStatus.Tokens t = status.tokens();
        RunStatus.Cost cost = status.cost();
        String tokens = t.prompt() + " prompt + " + t.completion() + " completion tokens collected";
        if (cost == null || cost.collected() == null) {
            return tokens + ", cost unknown (the model has no price: add model.price to config.yaml)";
        }
        String line = tokens + " = " + Price.text(cost.collected()) + " " + cost.currency() + " at the batch price";
        if (cost.max() != null) {
            line += "; submitted up to " + Price.text(cost.submittedEstimate() == null ? BigDecimal.ZERO
                    : cost.submittedEstimate()) + " of max_cost " + Price.text(cost.max()) + " " + cost.currency();
        }
        return line;
    }
}
