package io.batchlab.window;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in config.yaml and in windows: a whole number and one unit, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
public final class DurationText {

    public static final String GRAMMAR = "a whole number with a unit ms, s, m, h or d, e.g. 500ms, 30s, 5m, 2h";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private DurationText() {
    }

    public static Optional<Duration> parse(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }

    /** The shortest exact form in the same grammar, so that {@code parse(format(d))} is {@code d}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % Duration.ofDays(1).toMillis() == 0) return duration.toDays() + "d";
        if (millis % Duration.ofHours(1).toMillis() == 0) return duration.toHours() + "h";
        if (millis % Duration.ofMinutes(1).toMillis() == 0) return duration.toMinutes() + "m";
        if (millis % 1000 == 0) return duration.toSeconds() + "s";
        return millis + "ms";
    }
}
