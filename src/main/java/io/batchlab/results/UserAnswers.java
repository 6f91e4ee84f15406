package io.batchlab.results;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.util.List;

/**
 * A user as the dashboard shows them: per run they take part in, the run's state and one page of the user's requests
 * with the answer or the error of each, in batch.jsonl order, and how many requests there are. A user may have
 * thousands of requests: the rows stream from results.json (or batch.jsonl before it) through {@link RunExport}, the
 * one place that derives a request's row, and only the page's rows are kept. Only the fields a person reads are
 * taken: never the file as it is.
 */
public final class UserAnswers {

    /** The requests a run shows before the reader pages on. */
    public static final int FIRST_PAGE = 50;

    private static final JsonProvider JSON = JsonProvider.provider();

    private UserAnswers() {
    }

    /** {@code {"user_id", "runs": [page of each run]}} over {@code runs}, the user's runs oldest first, each at its first page. */
    public static JsonObject of(ExperimentStore store, UserId user, List<RunId> runs) throws IOException {
        JsonArrayBuilder perRun = JSON.createArrayBuilder();
        for (RunId run : runs) {
            perRun.add(page(store, user, run, new Page(0, FIRST_PAGE)));
        }
        return JSON.createObjectBuilder().add("user_id", user.value()).add("runs", perRun).build();
    }

    /**
     * {@code {"run_id", "state", "reason", "offset", "limit", "total", "requests": [{"custom_id", "record_key",
     * "answer", "error": {"code", "message"}}]}}: the user's requests in run {@code run} on {@code page}; {@code total}
     * is how many requests the user has there. The run's config.yaml must exist.
     */
    public static JsonObject page(ExperimentStore store, UserId user, RunId run, Page page) throws IOException {
        PageRows rows = new PageRows(page);
        RunExport.UserOutcome outcome = RunExport.writeUser(store, run, user, rows);
        JsonObjectBuilder json = JSON.createObjectBuilder().add("run_id", run.toString())
                .add("state", outcome.status() != null ? outcome.status()
                        : UserProgress.stateBeforeResults(store, user, run));
        nullable(json, "reason", outcome.reason());
        return json.add("offset", page.offset()).add("limit", page.limit()).add("total", rows.total)
                .add("requests", rows.kept).build();
    }

    /** Keeps the page's request rows and counts them all; a user's one row without a request is not a request. */
    static final class PageRows implements ExportWriter {
        private final Page page;
        private final JsonArrayBuilder kept = JSON.createArrayBuilder();
        private long total;

        PageRows(Page page) {
            this.page = page;
        }

        @Override
        public void write(ExportRow row) {
            if (row.customId() == null) {
                return;
            }
            if (page.holds(total)) {
                kept.add(request(row));
            }
            total++;
        }

        @Override
        public void finish() {
        }
    }

    private static JsonObject request(ExportRow row) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("custom_id", row.customId());
        nullable(json, "record_key", row.recordKey());
        nullable(json, "answer", row.errorCode() == null ? row.answer() : null);
        if (row.errorCode() == null) {
            return json.addNull("error").build();
        }
        JsonObjectBuilder error = JSON.createObjectBuilder().add("code", row.errorCode());
        nullable(error, "message", row.errorMessage());
        return json.add("error", error).build();
    }

    private static void nullable(JsonObjectBuilder json, String key, String value) {
        if (value == null) {
            json.addNull(key);
        } else {
            json.add(key, value);
        }
    }
}
