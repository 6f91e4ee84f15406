package io.batchlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansTest {

    @Test
    void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
        // given
        List<Double> values = List.of(9.0, 1.0, 5.0);

        // when
        double median = Medians.median(values);

        // then
        assertThat(median).isEqualTo(5.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
        // given
        List<Double> values = List.of(4.0, 1.0, 3.0, 10.0);

        // when
        double median = Medians.median(values);

        // then
        assertThat(median).isEqualTo(3.5);
    }

    @Test
    void quantileOneIsTheMaximumAndAnEmptyListHasNone() {
        // given
        List<Double> values = List.of(0.2, 7.5, 1.0);

        // when / then
        assertThat(Medians.quantile(values, 1)).isEqualTo(7.5);
        assertThat(Medians.quantile(List.of(), 1)).isNaN();
    }
}
