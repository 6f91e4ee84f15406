package io.batchlab.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The log on the user's terminal: by default only what the user must act on — batchlab's warnings and any
 * library's errors — as one line in plain words ({@code batchlab: warning: …}), with where the details are;
 * after {@link #showAll()} every record, with time, level and logger, as a developer wants it.
 */
final class ScreenLogHandler extends Handler {

    private static final String VERBOSE_FORMAT = "%1$tT %2$s %3$s: %4$s%5$s%n";

    private final PrintStream out;
    private final Supplier<Optional<Path>> logFile;
    private volatile boolean all;

    ScreenLogHandler(PrintStream out, Supplier<Optional<Path>> logFile) {
        this.out = out;
        this.logFile = logFile;
        setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return all ? verbose(this, record) : plain(this, record);
            }
        });
    }

    void showAll() {
        all = true;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!super.isLoggable(record)) {
            return false;
        }
        if (all) {
            return true;
        }
        int level = record.getLevel().intValue();
        boolean ours = record.getLoggerName() != null && record.getLoggerName().startsWith("io.batchlab");
        return level >= Level.SEVERE.intValue() || ours && level >= Level.WARNING.intValue();
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            out.print(getFormatter().format(record));
            out.flush();
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        flush();
    }

    private String plain(Formatter formatter, LogRecord record) {
        String kind = record.getLevel().intValue() >= Level.SEVERE.intValue() ? "error" : "warning";
        String details = record.getThrown() == null ? ""
                : logFile.get().map(file -> " (details in " + file + ")").orElse(" (details: run with --verbose)");
        return "batchlab: " + kind + ": " + formatter.formatMessage(record) + details + System.lineSeparator();
    }

    private static String verbose(Formatter formatter, LogRecord record) {
        return String.format(VERBOSE_FORMAT, record.getInstant().atZone(java.time.ZoneId.systemDefault()),
                record.getLevel().getName(), record.getLoggerName(), formatter.formatMessage(record),
                stackTrace(record));
    }

    /** The record's exception with its stack trace on the lines after the message, or nothing. */
    static String stackTrace(LogRecord record) {
        if (record.getThrown() == null) {
            return "";
        }
        StringWriter trace = new StringWriter();
        try (PrintWriter writer = new PrintWriter(trace)) {
            writer.println();
            record.getThrown().printStackTrace(writer);
        }
        return trace.toString().stripTrailing();
    }
}
