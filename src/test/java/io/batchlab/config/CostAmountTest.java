package io.batchlab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CostAmountTest {

    @Test
    void readsAmountsAsWritten() {
        assertThat(CostAmount.parse("25")).isEqualByComparingTo("25");
        assertThat(CostAmount.parse(" 2.50 ")).isEqualTo(new BigDecimal("2.50"));
        assertThat(CostAmount.parse(".0001")).isEqualByComparingTo("0.0001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "lots", "", "1e3x", "1234567890", "0.00000000001"})
    void refusesWhatIsNotAPositiveAmountQuotingItAndSayingWhatIsAllowed(String text) {
        assertThatThrownBy(() -> CostAmount.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not " + CostAmount.RULE);
    }
}
