package io.batchlab.provider;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The HTTP engine under RESTEasy's client (Apache HttpClient) logs request headers, Authorization included, at FINE
 * to these JUL loggers. Redacting them there keeps the API key out of logs even when someone turns on wire debugging.
 */
final class WireLogRedaction {

    private static final Pattern BEARER = Pattern.compile("(?i)(authorization:\\s*bearer\\s+)[^\\s\"\\[]+");
    /** Strong references: JUL forgets the filter of a logger that was garbage-collected. */
    private static final List<Logger> WIRE_LOGGERS = List.of(
            Logger.getLogger("org.apache.http.headers"),
            Logger.getLogger("org.apache.http.wire"));

    private WireLogRedaction() {
    }

    static void install() {
        for (Logger logger : WIRE_LOGGERS) {
            if (!(logger.getFilter() instanceof Redacting)) {
                logger.setFilter(new Redacting(logger.getFilter()));
            }
        }
    }

    static String redact(String text) {
        return text == null ? null : BEARER.matcher(text).replaceAll("$1***");
    }

    private record Redacting(Filter next) implements Filter {
        @Override
        public boolean isLoggable(LogRecord record) {
            record.setMessage(redact(record.getMessage()));
            return next == null || next.isLoggable(record);
        }
    }
}
