package io.batchlab.cli;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Where the CLI's log records go. The terminal keeps the progress and the commands' own output: of the log it shows
 * only batchlab's warnings and every error, one line each in plain words. Every record — batchlab's INFO lines, JBeret's
 * and Weld's, with timestamps and stack traces — goes to the run's log file {@code .batchlab/logs/RUN_ID.log} under
 * the experiments root, kept in memory until the command knows its run. {@code --verbose} shows them all on the
 * terminal too. A {@code java.util.logging.config.file} of the user's own replaces all of this.
 */
final class CliLogging {

    private static final String LEVELS = "/batchlab-logging.properties";
    private static final RunLogHandler RUN_LOG = new RunLogHandler();
    private static final ScreenLogHandler SCREEN = new ScreenLogHandler(System.err, RUN_LOG::file);
    private static boolean configured;

    private CliLogging() {
    }

    /** Once, before anything logs. */
    static synchronized void configure() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream levels = CliLogging.class.getResourceAsStream(LEVELS)) {
            if (levels != null) {
                LogManager.getLogManager().readConfiguration(levels);
            }
        } catch (IOException e) {
            System.err.println("batchlab: default logging kept (" + e.getMessage() + ")");
            return;
        }
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(RUN_LOG);
        root.addHandler(SCREEN);
        configured = true;
    }

    /** The whole log on the terminal as well (as {@code --verbose} asks). */
    static void verbose() {
        SCREEN.showAll();
    }

    /**
     * From now on (and for what was logged before) the log goes to {@code .batchlab/logs/RUN_ID.log}, appended: a
     * restart adds to the same file.
     */
    static synchronized void toRunLog(ExperimentStore store, RunId run) {
        if (!configured) {
            return;
        }
        Path file = store.workDir().resolve("logs").resolve(run + ".log");
        try {
            RUN_LOG.attach(file);
            Logger.getLogger(CliLogging.class.getName()).log(Level.INFO, "process {0} works on run {1}",
                    new Object[] {String.valueOf(ProcessHandle.current().pid()), run});
        } catch (IOException e) {
            Logger.getLogger(CliLogging.class.getName()).warning(() -> "cannot write the log file " + file + " ("
                    + e.getMessage() + "); the log goes nowhere, run with --verbose to see it");
        }
    }
}
