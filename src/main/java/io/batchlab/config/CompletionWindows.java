package io.batchlab.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The provider's completion windows as config.yaml writes them. */
final class CompletionWindows {

    static final String ALLOWED = "24h to 168h (Nh) or 1d to 7d (Nd)";
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,3})([hd])");

    private CompletionWindows() {
    }

    /** A provider completion window, {@code 24h}..{@code 168h} or {@code 1d}..{@code 7d}, as its length. */
    static Optional<Duration> parse(String text) {
        Matcher matcher = WINDOW.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        int amount = Integer.parseInt(matcher.group(1));
        boolean hours = matcher.group(2).equals("h");
        if (hours ? amount < 24 || amount > 168 : amount < 1 || amount > 7) {
            return Optional.empty();
        }
        return Optional.of(hours ? Duration.ofHours(amount) : Duration.ofDays(amount));
    }
}
