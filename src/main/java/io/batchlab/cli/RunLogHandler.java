package io.batchlab.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Writes every record to a run's log file, each flushed at once (a crash keeps what was logged). Until the file is
 * known the records wait in memory, the oldest dropped beyond {@value #BUFFERED} (a command that never runs a job,
 * such as {@code status}, has no log file).
 */
final class RunLogHandler extends Handler {

    static final int BUFFERED = 10_000;
    static final String FORMAT = "%1$tF %1$tT.%1$tL %2$-7s %3$s: %4$s%5$s%n";

    private final Deque<String> waiting = new ArrayDeque<>();
    private Writer out;
    private Path file;

    RunLogHandler() {
        setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return String.format(FORMAT, record.getInstant().atZone(java.time.ZoneId.systemDefault()),
                        record.getLevel().getName(), record.getLoggerName(), formatMessage(record),
                        ScreenLogHandler.stackTrace(record));
            }
        });
    }

    synchronized void attach(Path target) throws IOException {
        if (target.equals(file)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Writer opened = Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        close();
        out = opened;
        file = target;
        while (!waiting.isEmpty()) {
            out.write(waiting.poll());
        }
        out.flush();
    }

    synchronized Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line = getFormatter().format(record);
        if (out == null) {
            if (waiting.size() == BUFFERED) {
                waiting.poll();
            }
            waiting.add(line);
            return;
        }
        try {
            out.write(line);
            out.flush();
        } catch (IOException e) {
            reportError("cannot write " + file, e, java.util.logging.ErrorManager.WRITE_FAILURE);
        }
    }

    @Override
    public synchronized void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                reportError("cannot flush " + file, e, java.util.logging.ErrorManager.FLUSH_FAILURE);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                reportError("cannot close " + file, e, java.util.logging.ErrorManager.CLOSE_FAILURE);
            }
            out = null;
        }
    }
}
