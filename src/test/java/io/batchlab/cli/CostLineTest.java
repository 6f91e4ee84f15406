package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class CostLineTest {

    private static final RunStatus CREATED = RunStatus.created(RunId.parse("20261202_CT_GPT120B_002"), "cap",
            LocalDateTime.parse("2026-12-02T14:00:00"));
    private static final RunStatus.Tokens TOKENS = new RunStatus.Tokens(5049, 90, 0, 0);

    @Test
    void showsTheCollectedCostAndWhereTheCapStands() {
        // given
        RunStatus status = CREATED.withTokensAndCost(TOKENS, new RunStatus.Cost("USD", new BigDecimal("0.000405675"),
                new BigDecimal("0.007636125"), new BigDecimal("0.008"), "a price"));

        // then
        assertThat(CostLine.of(status)).isEqualTo("5049 prompt + 90 completion tokens collected = 0.000405675 USD"
                + " at the batch price; submitted up to 0.007636125 of max_cost 0.008 USD");
    }

    @Test
    void aModelWithoutPriceSaysWhatToAdd() {
        // given
        RunStatus status = CREATED.withTokensAndCost(TOKENS, new RunStatus.Cost("USD", null, null, null, null));

        // then
        assertThat(CostLine.of(status)).startsWith("5049 prompt + 90 completion tokens collected, cost unknown")
                .contains("model.price");
    }
}
