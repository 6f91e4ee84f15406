package io.batchlab.job;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads what a job left in an experiments root, the way a researcher would look at it. */
record ExperimentTree(ExperimentStore store) {

    /** Every file under the root as a relative path with '/', except batchlab's own {@code .batchlab/}. */
    Set<String> files() throws IOException {
        Path root = store.root();
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .filter(path -> !path.startsWith(".batchlab/"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The one run under runs/. */
    RunId onlyRun() throws IOException {
        List<RunId> runs = store.runs();
        if (runs.size() != 1) {
            throw new AssertionError("expected exactly one run under " + store.root() + ", found " + runs);
        }
        return runs.get(0);
    }

    RunStatus status(RunId run) throws IOException {
        return RunStatusStore.read(store, run);
    }

    JsonObject upload(RunId run, String user) {
        return json(store.uploadFile(new UserId(user), run));
    }

    JsonObject results(RunId run, String user) {
        return json(store.resultsFile(new UserId(user), run));
    }

    /** The custom_ids of the user's batch.jsonl, in file order. */
    List<String> batchCustomIds(RunId run, String user) throws IOException {
        return Files.readAllLines(store.batchFile(new UserId(user), run), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .map(line -> read(line).getString("custom_id"))
                .toList();
    }

    /** The custom_ids of results.json's requests, in their order. */
    static List<String> requestCustomIds(JsonObject results) {
        return results.getJsonArray("requests").getValuesAs(JsonObject.class).stream()
                .map(request -> request.getString("custom_id"))
                .toList();
    }

    static List<String> strings(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    static JsonObject json(Path file) {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonObject read(String line) {
        try (JsonReader reader = Json.createReader(new java.io.StringReader(line))) {
            return reader.readObject();
        }
    }
}
