package io.batchlab.window;

import jakarta.enterprise.concurrent.CronTrigger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hours in which an operator lets runs work, e.g. {@code 0 22 * * MON-FRI for 8h} (weekday nights). A window is
 * one or more openings separated by {@code ;}; each opening is a cron expression in Jakarta Concurrency's
 * {@link CronTrigger} syntax (which also parses and steps it) and how long the window then stays open. Overlapping or
 * touching openings merge into one longer window. Times are wall-clock times in the window's zone.
 */
public final class BatchWindow {

    public static final String GRAMMAR = "one or more 'CRON for DURATION' separated by ';', where CRON has 5 fields"
            + " (minute hour day-of-month month day-of-week) or 6 (second first) as in Jakarta Concurrency's"
            + " CronTrigger, and DURATION is a whole number with a unit s, m, h or d of at least 1s;"
            + " e.g. '0 22 * * MON-FRI for 8h' (weekday nights) or"
            + " '0 22 * * MON-THU for 8h; 0 22 * * FRI for 56h' (nights and weekends)";

    private static final Pattern OPENING = Pattern.compile("(.+?)\\s+for\\s+(\\S+)");
    /** Beyond this many merged openings in a row a window counts as never closing (e.g. every second for 2s). */
    private static final int MAX_MERGED_OPENINGS = 10_000;

    private final String expression;
    private final ZoneId zone;
    private final List<Opening> openings;

    private record Opening(CronTrigger trigger, Duration length) {

        ZonedDateTime firstAtOrAfter(ZonedDateTime time) {
            return trigger.getNextRunTime(null, time);
        }

        /** The start of the earliest period of this opening that contains {@code time}, if any. */
        Optional<ZonedDateTime> periodContaining(ZonedDateTime time) {
            ZonedDateTime start = firstAtOrAfter(time.minus(length).plusNanos(1));
            return start.isAfter(time) ? Optional.empty() : Optional.of(start);
        }
    }

    private BatchWindow(String expression, ZoneId zone, List<Opening> openings) {
        this.expression = expression;
        this.zone = zone;
        this.openings = openings;
    }

    /**
     * Parses a window expression for wall-clock times in {@code zone}.
     *
     * @throws InvalidWindowException naming the expression, what is wrong and what is allowed
     */
    public static BatchWindow parse(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        if (expression == null || expression.isBlank()) {
            throw new InvalidWindowException(String.valueOf(expression), "it is empty");
        }
        List<Opening> openings = new ArrayList<>();
        List<String> normalized = new ArrayList<>();
        for (String part : expression.split(";")) {
            Matcher matcher = OPENING.matcher(part.strip());
            if (!matcher.matches()) {
                throw new InvalidWindowException(expression, "'" + part.strip() + "' is not 'CRON for DURATION'");
            }
            String cron = matcher.group(1).strip().replaceAll("\\s+", " ");
            Duration length = length(expression, matcher.group(2));
            Opening opening = new Opening(trigger(expression, cron, zone), length);
            openings.add(opening);
            normalized.add(cron + " for " + matcher.group(2));
        }
        return new BatchWindow(String.join("; ", normalized), zone, List.copyOf(openings));
    }

    private static Duration length(String expression, String text) {
        return DurationText.parse(text)
                .filter(d -> d.compareTo(Duration.ofSeconds(1)) >= 0 && d.toNanos() % 1_000_000_000L == 0)
                .orElseThrow(() -> new InvalidWindowException(expression,
                        "'" + text + "' is not a duration of whole seconds"));
    }

    private static CronTrigger trigger(String expression, String cron, ZoneId zone) {
        int fields = cron.split(" ").length;
        if (fields != 5 && fields != 6) {
            throw new InvalidWindowException(expression, "cron '" + cron + "' has " + fields + " fields");
        }
        CronTrigger trigger;
        try {
            trigger = new CronTrigger(cron, zone);
        } catch (IllegalArgumentException e) {
            throw new InvalidWindowException(expression, "cron '" + cron + "' is not valid (" + e.getMessage() + ")");
        }
        try {
            trigger.getNextRunTime(null, ZonedDateTime.now(zone));
        } catch (DateTimeException e) {
            throw new InvalidWindowException(expression, "cron '" + cron + "' never fires (no such date)");
        }
        return trigger;
    }

    /** The expression as parsed, with single spaces; {@link #parse} of it gives an equal window. */
    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean isOpen(ZonedDateTime time) {
        ZonedDateTime local = time.withZoneSameInstant(zone);
        return openings.stream().anyMatch(opening -> opening.periodContaining(local).isPresent());
    }

    /**
     * When the window next goes from closed to open, at or after {@code time}; while it is open, the opening after
     * this period closes. Empty when the window never closes (so never opens again).
     */
    public Optional<ZonedDateTime> nextOpening(ZonedDateTime time) {
        ZonedDateTime local = time.withZoneSameInstant(zone);
        if (isOpen(local)) {
            return nextClosing(local).flatMap(this::nextOpening);
        }
        return openings.stream().map(opening -> opening.firstAtOrAfter(local)).min(ZonedDateTime::compareTo);
    }

    /**
     * When the window next goes from open to closed: the end of the current period while it is open (merging
     * periods that overlap or touch), else the end of the next period. Empty when it does not close in sight.
     */
    public Optional<ZonedDateTime> nextClosing(ZonedDateTime time) {
        ZonedDateTime local = time.withZoneSameInstant(zone);
        if (!isOpen(local)) {
            return nextOpening(local).flatMap(this::nextClosing);
        }
        ZonedDateTime candidate = local;
        for (int merged = 0; merged < MAX_MERGED_OPENINGS; merged++) {
            ZonedDateTime at = candidate;
            // Open throughout [at, end of the earliest-ending period containing at); it may close exactly there.
            candidate = openings.stream()
                    .flatMap(opening -> opening.periodContaining(at).map(start -> start.plus(opening.length()))
                            .stream())
                    .min(ZonedDateTime::compareTo)
                    .orElseThrow();
            if (!isOpen(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The period a waiting run waits for: its next opening and closing, if the window ever closes. */
    public Optional<Period> nextPeriod(ZonedDateTime time) {
        return nextOpening(time).flatMap(opening -> nextClosing(opening).map(closing -> new Period(opening, closing)));
    }

    /**
     * What a waiting run shows as {@code next_window}: the next period in ISO 8601 interval notation, or only its
     * opening when the window never closes after it; null when it never opens again.
     */
    public String describeNext(ZonedDateTime time) {
        return nextPeriod(time).map(Period::toString)
                .orElseGet(() -> nextOpening(time).map(o -> o.toOffsetDateTime().toString()).orElse(null));
    }

    /** One stretch of open time. */
    public record Period(ZonedDateTime opening, ZonedDateTime closing) {

        /** ISO 8601 interval notation, e.g. {@code 2026-11-26T22:00+01:00/2026-11-27T06:00+01:00}. */
        @Override
        public String toString() {
            return opening.toOffsetDateTime() + "/" + closing.toOffsetDateTime();
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BatchWindow window && window.expression.equals(expression) && window.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression, zone);
    }

    @Override
    public String toString() {
        return expression + " (" + zone.getId() + ")";
    }
}
