package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RunIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"20240408_CT_DS70B_001", "20240408_OT_DS70B_001", "20240408_CT_L70B_999",
            "19991231_X_Y_042", "20240229_ABCDEFGHIJKLMNOP_0123456789ABCDEF_100", "10000101_CT_M_007",
            "99991231_CT_M_010"})
    void parseAndFormatRoundTrip(String text) {
        // when
        RunId id = RunId.parse(text);

        // then
        assertThat(id.toString()).isEqualTo(text);
        assertThat(RunId.parse(id.toString())).isEqualTo(id);
    }

    @Test
    void parseSplitsIntoDateTypeModelAndSequence() {
        // when
        RunId id = RunId.parse("20240408_CT_DS70B_007");

        // then
        assertThat(id).isEqualTo(new RunId(LocalDate.of(2024, 4, 8), "CT", "DS70B", 7));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "20240408_CT_DS70B        | four parts YYYYMMDD_TYPE_MODEL_XXX",
            "20240408_CT_DS_70B_001   | four parts YYYYMMDD_TYPE_MODEL_XXX",
            "2024048_CT_DS70B_001     | date part '2024048' must be 8 digits",
            "2024-4-8_CT_DS70B_001    | date part '2024-4-8' must be 8 digits",
            "20240230_CT_DS70B_001    | date part '20240230' is not a calendar date",
            "20240408_ct_DS70B_001    | experiment type 'ct' is invalid",
            "20240408__DS70B_001      | experiment type '' is invalid",
            "20240408_CT_DS-70B_001   | model code 'DS-70B' is invalid",
            "20240408_CT_ABCDEFGHIJKLMNOPQ_001 | model code 'ABCDEFGHIJKLMNOPQ' is invalid",
            "20240408_CT_DS70B_01     | sequence part '01' must be three digits",
            "20240408_CT_DS70B_1000   | sequence part '1000' must be three digits",
            "20240408_CT_DS70B_000    | sequence must be 001 to 999, got 0",
    })
    void parseRejectsEachInvalidPartByName(String text, String expectedMessagePart) {
        assertThatThrownBy(() -> RunId.parse(text.strip()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text.strip() + "'")
                .hasMessageContaining(expectedMessagePart.strip());
    }

    @Test
    void parseRejectsMissingText() {
        assertThatThrownBy(() -> RunId.parse(null)).hasMessage("run id is missing");
    }

    @Test
    void constructorRejectsSequenceBeyondThreeDigits() {
        assertThatThrownBy(() -> new RunId(LocalDate.of(2024, 4, 8), "CT", "DS70B", 1000))
                .hasMessageContaining("001 to 999, got 1000");
    }

    @Test
    void naturalOrderIsChronologicalThenBySequence() {
        // given
        List<RunId> ids = new ArrayList<>(List.of(
                RunId.parse("20250101_CT_DS70B_001"),
                RunId.parse("20240408_CT_DS70B_010"),
                RunId.parse("20231231_OT_L70B_999"),
                RunId.parse("20240408_CT_DS70B_002"),
                RunId.parse("20240409_AA_A_001")));

        // when
        ids.sort(null);

        // then
        assertThat(ids).extracting(RunId::toString).containsExactly(
                "20231231_OT_L70B_999", "20240408_CT_DS70B_002", "20240408_CT_DS70B_010",
                "20240409_AA_A_001", "20250101_CT_DS70B_001");
        assertThat(ids).extracting(RunId::date).isSorted();
    }
}
