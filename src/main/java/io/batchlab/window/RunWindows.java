package io.batchlab.window;

import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A run's window, kept with the run ({@code runs/RUN_ID/window.txt}, the expression), so that any process — a
 * restarted server, the CLI, another node — sees it and can keep the run inside it. No file: the run has no window.
 */
public final class RunWindows {

    static final String FILE = "window.txt";

    private RunWindows() {
    }

    /** @param zone the experiment's time zone, in which the window is read */
    public static Optional<BatchWindow> read(ExperimentStore store, RunId run, ZoneId zone) throws IOException {
        Optional<String> expression = expression(store, run);
        if (expression.isEmpty()) {
            return Optional.empty();
        }
        Path file = file(store, run);
        try {
            return Optional.of(BatchWindow.parse(expression.get(), zone));
        } catch (InvalidWindowException e) {
            throw new InvalidWindowException(file.toString(), e);
        }
    }

    /** The recorded expression as written, for showing it; no zone needed. */
    public static Optional<String> expression(ExperimentStore store, RunId run) throws IOException {
        Path file = file(store, run);
        return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                : Optional.empty();
    }

    public static void write(ExperimentStore store, RunId run, BatchWindow window) throws IOException {
        AtomicFiles.writeString(file(store, run), window.expression() + "\n");
    }

    public static void clear(ExperimentStore store, RunId run) throws IOException {
        Files.deleteIfExists(file(store, run));
    }

    private static Path file(ExperimentStore store, RunId run) {
        return store.runDir(run).resolve(FILE);
    }
}
