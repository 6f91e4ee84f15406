package io.batchlab.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String WEEKDAY_NIGHTS = "0 22 * * MON-FRI for 8h";
    private static final String NIGHTS_AND_WEEKENDS = "0 22 * * MON-THU for 8h; 0 22 * * FRI for 56h";

    /** 2026-11-23 is a Monday. */
    private static ZonedDateTime at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN);
    }

    @ParameterizedTest(name = "{0} is open: {1}")
    @CsvSource({
            "2026-11-23T21:59:59, false",
            "2026-11-23T22:00:00, true",
            "2026-11-24T03:00:00, true",
            "2026-11-24T05:59:59, true",
            "2026-11-24T06:00:00, false",
            "2026-11-24T12:00:00, false",
            "2026-11-28T02:00:00, true",   // Saturday morning ends Friday's night
            "2026-11-28T22:00:00, false",  // no window opens on Saturday
    })
    void weekdayNightsAreOpenFromTenAtNightForEightHours(String time, boolean open) {
        // given
        BatchWindow window = BatchWindow.parse(WEEKDAY_NIGHTS, BERLIN);

        // when / then
        assertThat(window.isOpen(at(time))).isEqualTo(open);
    }

    @Test
    void nextOpeningOfAClosedWindowIsItsNextStartAndOfAnOpenWindowTheStartAfterThisPeriod() {
        // given
        BatchWindow window = BatchWindow.parse(WEEKDAY_NIGHTS, BERLIN);

        // when / then
        assertThat(window.nextOpening(at("2026-11-23T12:00:00"))).contains(at("2026-11-23T22:00:00"));
        assertThat(window.nextOpening(at("2026-11-23T22:00:00"))).contains(at("2026-11-24T22:00:00"));
        assertThat(window.nextOpening(at("2026-11-28T09:00:00"))).contains(at("2026-11-30T22:00:00"));
    }

    @Test
    void nextClosingOfAnOpenWindowIsTheEndOfThisPeriodAndOfAClosedOneTheEndOfTheNext() {
        // given
        BatchWindow window = BatchWindow.parse(WEEKDAY_NIGHTS, BERLIN);

        // when / then
        assertThat(window.nextClosing(at("2026-11-24T01:00:00"))).contains(at("2026-11-24T06:00:00"));
        assertThat(window.nextClosing(at("2026-11-24T06:00:00"))).contains(at("2026-11-25T06:00:00"));
    }

    @Test
    void nightsAndWeekendsRunFromFridayNightToMondayMorningWithoutABreak() {
        // given
        BatchWindow window = BatchWindow.parse(NIGHTS_AND_WEEKENDS, BERLIN);

        // when / then
        assertThat(window.isOpen(at("2026-11-29T15:00:00"))).isTrue();
        assertThat(window.nextClosing(at("2026-11-27T23:00:00"))).contains(at("2026-11-30T06:00:00"));
        assertThat(window.nextPeriod(at("2026-11-30T12:00:00")).orElseThrow())
                .hasToString("2026-11-30T22:00+01:00/2026-12-01T06:00+01:00");
    }

    @Test
    void overlappingOpeningsMergeIntoOneWindow() {
        // given: every 10 seconds for 15 seconds, inside minute 0 only; closes 15 s after the last start at :50
        BatchWindow window = BatchWindow.parse("*/10 0 * * * * for 15s", ZoneOffset.UTC);
        ZonedDateTime start = ZonedDateTime.of(2026, 11, 23, 10, 0, 3, 0, ZoneOffset.UTC);

        // when / then
        assertThat(window.nextClosing(start)).contains(start.withSecond(0).plusMinutes(1).plusSeconds(5));
    }

    @Test
    void aWindowThatNeverClosesHasNoClosingAndNoNextOpening() {
        // given
        BatchWindow window = BatchWindow.parse("* * * * * * for 2s", ZoneOffset.UTC);
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 23, 10, 0, 0, 0, ZoneOffset.UTC);

        // when / then
        assertThat(window.isOpen(now)).isTrue();
        assertThat(window.nextClosing(now)).isEmpty();
        assertThat(window.nextOpening(now)).isEmpty();
    }

    @Test
    void aWindowOfSecondsForTestsOpensAndClosesOnTheSecond() {
        // given
        BatchWindow window = BatchWindow.parse("*/10 * * * * * for 4s", ZoneOffset.UTC);
        ZonedDateTime time = ZonedDateTime.of(2026, 11, 23, 10, 0, 4, 0, ZoneOffset.UTC);

        // when / then
        assertThat(window.isOpen(time.minusNanos(1))).isTrue();
        assertThat(window.isOpen(time)).isFalse();
        assertThat(window.nextOpening(time)).contains(time.plusSeconds(6));
    }

    @Test
    void windowTimesAreWallClockTimesInTheWindowsZoneAcrossDaylightSavingTime() {
        // given: Berlin leaves summer time on 2026-10-25 at 03:00
        BatchWindow window = BatchWindow.parse("0 22 * * * for 8h", BERLIN);

        // when
        ZonedDateTime closing = window.nextClosing(at("2026-10-24T23:00:00")).orElseThrow();

        // then: eight hours of real time, so 05:00 on the wall clock
        assertThat(closing.toLocalDateTime()).isEqualTo(LocalDateTime.parse("2026-10-25T05:00:00"));
        assertThat(window.isOpen(ZonedDateTime.of(2026, 11, 23, 21, 30, 0, 0, ZoneOffset.UTC))).isTrue();
    }

    @Test
    void theExpressionIsNormalisedAndParsesToAnEqualWindow() {
        // given
        BatchWindow window = BatchWindow.parse("  0  22 * * MON-FRI   for 8h ;0 0 * * SAT for 2d", BERLIN);

        // when
        BatchWindow again = BatchWindow.parse(window.expression(), BERLIN);

        // then
        assertThat(window.expression()).isEqualTo("0 22 * * MON-FRI for 8h; 0 0 * * SAT for 2d");
        assertThat(again).isEqualTo(window).hasSameHashCodeAs(window);
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
            "''| it is empty",
            "0 22 * * MON-FRI| '0 22 * * MON-FRI' is not 'CRON for DURATION'",
            "0 22 * * MON-FRI for eight hours| is not 'CRON for DURATION'",
            "0 22 * * MON-FRI for 8 h| is not 'CRON for DURATION'",
            "0 22 * * MON-FRI for 8x| '8x' is not a duration of whole seconds",
            "0 22 * * MON-FRI for 1500ms| '1500ms' is not a duration of whole seconds",
            "0 22 * * for 8h| cron '0 22 * *' has 4 fields",
            "0 25 * * * for 8h| cron '0 25 * * *' is not valid (hours: 25)",
            "0 22 * * XYZ for 8h| cron '0 22 * * XYZ' is not valid",
            "0 0 30 2 * for 1h| cron '0 0 30 2 *' never fires (no such date)",
            "0 22 * * MON-FRI for 8h; nonsense| 'nonsense' is not 'CRON for DURATION'",
    })
    void badExpressionsAreRejectedNamingTheExpressionTheProblemAndWhatIsAllowed(String expression, String problem) {
        // when / then
        assertThatThrownBy(() -> BatchWindow.parse(expression, BERLIN))
                .isInstanceOf(InvalidWindowException.class)
                .hasMessageStartingWith("window '" + expression + "' is invalid: ")
                .hasMessageContaining(problem)
                .hasMessageContaining("allowed: one or more 'CRON for DURATION' separated by ';'")
                .hasMessageContaining("e.g. '0 22 * * MON-FRI for 8h'");
    }
}
