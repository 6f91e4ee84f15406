package io.batchlab.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S, 500ms", "30s, PT30S, 30s", "90s, PT1M30S, 90s", "120s, PT2M, 2m", "5m, PT5M, 5m",
            "60m, PT1H, 1h", "25h, PT25H, 25h", "48h, PT48H, 2d", "1500ms, PT1.5S, 1500ms", "1d, PT24H, 1d"})
    void parsesAndFormatsInTheShortestExactUnit(String text, Duration expected, String formatted) {
        // when
        Duration parsed = DurationText.parse(text).orElseThrow();

        // then
        assertThat(parsed).isEqualTo(expected);
        assertThat(DurationText.format(parsed)).isEqualTo(formatted);
        assertThat(DurationText.parse(formatted)).hasValue(parsed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "30 s", "1.5s", "-5s", "5sec", "PT5S", "s", ""})
    void rejectsAnythingButAWholeNumberAndAUnit(String text) {
        // then
        assertThat(DurationText.parse(text)).isEmpty();
    }
}
