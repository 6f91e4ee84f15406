package io.batchlab.results;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each user of a run stands, one page at a time, for the dashboard's users table: a run may have a million
 * users, so a page reads users.json only up to its end and opens only its own users' files. A user's state is its
 * results.json status ({@code complete}, {@code partial}, {@code failed}, {@code skipped}) once that exists, else
 * {@code submitted} (upload.json), {@code prepared} (batch.jsonl) or {@code pending}.
 */
public final class UserProgress {

    private static final JsonProvider JSON = JsonProvider.provider();
    /** Counting a million ids takes most of a second; a page that did it on every poll would keep a core busy. */
    private static final Map<Path, Total> TOTALS = new ConcurrentHashMap<>();

    private UserProgress() {
    }

    /**
     * {@code {"run_id", "offset", "limit", "total", "users": [{"user_id", "state", "requests", "answered",
     * "problems"}]}} for the users at {@code offset .. offset + limit - 1} in users.json order; {@code total} is how
     * many users the run has.
     */
    public static JsonObject page(ExperimentStore store, RunId run, long offset, int limit) throws IOException {
        Page page = new Page(offset, limit);
        JsonArrayBuilder rows = JSON.createArrayBuilder();
        Path usersFile = store.usersFile(run);
        try (UsersFile.Cursor users = UsersFile.open(usersFile)) {
            users.skip(page.offset());
            for (int i = 0; i < page.limit() && users.hasNext(); i++) {
                rows.add(row(store, run, users.next()));
            }
        }
        long total = total(usersFile);
        return JSON.createObjectBuilder().add("run_id", run.toString()).add("offset", offset).add("limit", limit)
                .add("total", total).add("users", rows).build();
    }

    private static JsonObject row(ExperimentStore store, RunId run, UserId user) throws IOException {
        Path results = store.resultsFile(user, run);
        var row = JSON.createObjectBuilder().add("user_id", user.value());
        if (Files.isRegularFile(results)) {
            JsonObject file = read(results);
            JsonObject summary = file.getJsonObject("summary");
            row.add("state", file.getString("status"));
            if (summary != null) {
                long failed = number(summary, "failed") + number(summary, "missing");
                row.add("requests", number(summary, "requests")).add("answered", number(summary, "succeeded"))
                        .add("problems", failed);
            } else {
                row.addNull("requests").addNull("answered").addNull("problems");
            }
            return row.build();
        }
        return row.add("state", stateBeforeResults(store, user, run)).addNull("requests").addNull("answered").addNull("problems").build();
    }

    /** Where a user stands while the run has not collected their results.json. */
    static String stateBeforeResults(ExperimentStore store, UserId user, RunId run) {
        return Files.isRegularFile(store.uploadFile(user, run)) ? "submitted"
                : Files.isRegularFile(store.batchFile(user, run)) ? "prepared" : "pending";
    }

    /** users.json is written once, atomically: its count holds while its time and size do. */
    private static long total(Path usersFile) throws IOException {
        FileTime modified = Files.getLastModifiedTime(usersFile);
        long size = Files.size(usersFile);
        Total known = TOTALS.get(usersFile);
        if (known != null && known.modified().equals(modified) && known.size() == size) {
            return known.users();
        }
        long users = UsersFile.count(usersFile);
        TOTALS.put(usersFile, new Total(modified, size, users));
        return users;
    }

    private record Total(FileTime modified, long size, long users) {
    }

    static JsonObject read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonReader reader = JSON.createReader(in)) {
            return reader.readObject();
        }
    }

    private static long number(JsonObject object, String key) {
        return object.get(key) instanceof JsonNumber n ? n.longValue() : 0;
    }
}
