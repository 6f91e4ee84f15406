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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Reads the run's status.json over and over on its own thread (in this JVM, while batchlab processes write it and get
 * killed) and keeps every reading that breaks the contract: not one whole JSON object with the four steps, counts that
 * break {@code 0 ≤ completed + failed ≤ submitted ≤ prepared ≤ total − skipped}, a step that its counts do not
 * support, or a count above the files under users/*&#47;RUN_ID/ (counted after the reading: files are only added,
 * so a count above them then was above them when it was written).
 */
final class StatusJsonWatcher implements AutoCloseable {

    private final Path root;
    /** The run's users, read once its status.json exists; this thread's only. */
    private List<String> users;
    private final Thread thread;
    private final AtomicLong observations = new AtomicLong();
    private final AtomicLong withWork = new AtomicLong();
    private final List<String> broken = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    /** Watches the first (and only) run under {@code root}. */
    StatusJsonWatcher(Path root) {
        this.root = root;
        this.thread = new Thread(this::watch, "status-json-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            // Pacing, not synchronisation: a few hundred readings a second without hogging a core.
            LockSupport.parkNanos(2_000_000);
            Optional<String> run = run();
            if (run.isEmpty()) {
                continue;
            }
            Path file = root.resolve("runs").resolve(run.get()).resolve("status.json");
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
            if (users == null) {
                try {
                    // written before the first status.json, atomically, and never changed
                    users = usersOf(run.get());
                } catch (IllegalStateException e) {
                    broken.add(e.toString());
                    continue;
                }
            }
            JsonObject status;
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                status = reader.readObject();
                if (status.getJsonObject("steps").size() != 4) {
                    broken.add("steps incomplete: " + text);
                    continue;
                }
            } catch (JsonException | ClassCastException | NullPointerException e) {
                broken.add(e.getMessage() + " in: " + text);
                continue;
            }
            check(run.get(), status, text);
        }
    }

    private void check(String run, JsonObject status, String text) {
        List<String> problems = new ArrayList<>();
        try {
            JsonObject counts = status.getJsonObject("counts");
            JsonObject steps = status.getJsonObject("steps");
            long total = counts.getJsonNumber("total").longValue();
            long prepared = counts.getJsonNumber("prepared").longValue();
            long submitted = counts.getJsonNumber("submitted").longValue();
            long completed = counts.getJsonNumber("completed").longValue();
            long failed = counts.getJsonNumber("failed").longValue();
            long skipped = counts.getJsonNumber("skipped").longValue();
            if (completed < 0 || failed < 0 || skipped < 0) {
                problems.add("a negative count");
            }
            if (completed + failed > submitted) {
                problems.add("completed + failed > submitted");
            }
            if (submitted > prepared) {
                problems.add("submitted > prepared");
            }
            if (prepared > total - skipped) {
                problems.add("prepared > total - skipped");
            }
            if (total != 0 && total != users.size()) {
                problems.add("total is not the " + users.size() + " users");
            }
            if (steps.getBoolean("batches_created") && (total == 0 || prepared + skipped != total)) {
                problems.add("batches_created without every user prepared or skipped");
            }
            if (steps.getBoolean("uploads_completed") && (total == 0 || submitted + skipped != total)) {
                problems.add("uploads_completed without every user submitted or skipped");
            }
            if (steps.getBoolean("results_received") && (total == 0 || completed + failed + skipped != total)) {
                problems.add("results_received without every user's results");
            }
            if (submitted > 0) {
                withWork.incrementAndGet();
            }
            long batchFiles = files(run, "batch.jsonl");
            long uploadFiles = files(run, "upload.json");
            long resultsFiles = files(run, "results.json");
            if (prepared > batchFiles) {
                problems.add("prepared > the " + batchFiles + " batch.jsonl files");
            }
            if (submitted > uploadFiles) {
                problems.add("submitted > the " + uploadFiles + " upload.json files");
            }
            if (completed + failed + skipped > resultsFiles) {
                problems.add("completed + failed + skipped > the " + resultsFiles + " results.json files");
            }
        } catch (ClassCastException | NullPointerException e) {
            problems.add("counts or steps missing (" + e + ")");
        }
        if (!problems.isEmpty()) {
            broken.add(problems + " in: " + text);
        }
    }

    private Optional<String> run() {
        try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
            return runs.map(p -> p.getFileName().toString()).findFirst();
        } catch (IOException noRunYet) {
            return Optional.empty();
        }
    }

    private List<String> usersOf(String run) {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(root.resolve("runs").resolve(run)
                .resolve("users.json"), StandardCharsets.UTF_8))) {
            return reader.readObject().getJsonArray("users").getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(jakarta.json.JsonString::getString).toList();
        } catch (IOException | JsonException e) {
            throw new IllegalStateException("users.json of run " + run + " unreadable after its status.json", e);
        }
    }

    private long files(String run, String name) {
        return users.stream().filter(user -> Files.exists(root.resolve("users").resolve(user).resolve(run)
                .resolve(name))).count();
    }

    /** Readings of status.json, each parsed and checked. */
    long observations() {
        return observations.get();
    }

    /** Readings that showed submitted users, so that the checks against the files were not all trivial. */
    long observationsWithWork() {
        return withWork.get();
    }

    /** What was wrong, one entry per bad reading; empty when every reading kept the contract. */
    List<String> broken() {
        return List.copyOf(broken);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
