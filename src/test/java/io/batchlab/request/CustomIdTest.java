package io.batchlab.request;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomIdTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 42, 99_999, 100_000, Integer.MAX_VALUE})
    void recordIndexComesBackFromItsCustomId(int index) {
        // when
        String customId = CustomId.forRecord(index);

        // then
        assertThat(customId).hasSizeLessThanOrEqualTo(64).startsWith("r");
        assertThat(CustomId.recordIndex(customId)).hasValue(index);
    }

    @ParameterizedTest
    @CsvSource({"1, r00001", "42, r00042", "99999, r99999", "100000, r100000", "2147483647, r2147483647"})
    void recordCustomIdIsRAndTheIndexPaddedToFiveDigits(int index, String expected) {
        // when
        String customId = CustomId.forRecord(index);

        // then
        assertThat(customId).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "r1", "r00000", "x00001", "r00001a", "r99999999999"})
    void otherIdsHaveNoRecordIndex(String customId) {
        // then
        assertThat(CustomId.recordIndex(customId)).isEmpty();
    }

    @Test
    void recordIndexStartsAtOne() {
        // then
        assertThatThrownBy(() -> CustomId.forRecord(0)).hasMessageContaining("starts at 1");
    }
}
