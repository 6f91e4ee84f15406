package io.batchlab.cli;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Reads status.json over and over on its own thread while processes write it and get killed, and keeps every
 * reading that was not one whole JSON object with the four steps: a reader must never see a torn file.
 */
final class StatusJsonWatcher implements AutoCloseable {

    private final Supplier<Path> statusFile;
    private final Thread thread;
    private final AtomicLong observations = new AtomicLong();
    private final List<String> broken = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    StatusJsonWatcher(Supplier<Path> statusFile) {
        this.statusFile = statusFile;
        this.thread = new Thread(this::watch, "status-json-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            Path file = statusFile.get();
            // Pacing, not synchronisation: a few hundred readings a second without hogging a core.
            LockSupport.parkNanos(2_000_000);
            if (file == null) {
                continue;
            }
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException notYet) {
                continue;
            } catch (IOException e) {
                broken.add("unreadable: " + e);
                continue;
            }
            observations.incrementAndGet();
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                JsonObject status = reader.readObject();
                if (status.getJsonObject("steps").size() != 4) {
                    broken.add("steps incomplete: " + text);
                }
            } catch (JsonException | ClassCastException | NullPointerException e) {
                broken.add(e.getMessage() + " in: " + text);
            }
        }
    }

    long observations() {
        return observations.get();
    }

    List<String> broken() {
        return List.copyOf(broken);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
