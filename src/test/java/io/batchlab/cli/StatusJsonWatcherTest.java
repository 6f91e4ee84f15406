package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watcher the crash and fault ITs rely on reports what it must: it is the proof of issue 18's invariants. */
class StatusJsonWatcherTest {

    private static final String RUN = "20240408_CT_DS70B_001";

    @TempDir
    Path root;

    private void runWithTwoUsers(String statusJson) throws IOException {
        Path run = Files.createDirectories(root.resolve("runs").resolve(RUN));
        Files.writeString(run.resolve("users.json"), "{\"users\": [\"u1\", \"u2\"]}");
        for (String user : new String[] {"u1", "u2"}) {
            Path dir = Files.createDirectories(root.resolve("users").resolve(user).resolve(RUN));
            Files.writeString(dir.resolve("batch.jsonl"), "{}\n");
        }
        Files.writeString(run.resolve("status.json"), statusJson);
    }

    private static String status(String steps, String counts) {
        return "{\"created\": \"2024-04-08T10:00:00\", \"steps\": {" + steps + "}, \"counts\": {" + counts + "}}";
    }

    private static final String NO_STEPS = "\"config_created\": true, \"batches_created\": false, "
            + "\"uploads_completed\": false, \"results_received\": false";

    private StatusJsonWatcher watchUntilRead() {
        StatusJsonWatcher watcher = new StatusJsonWatcher(root);
        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.observations() > 0);
        return watcher;
    }

    @Test
    void countsTheFilesBackAreFine() throws Exception {
        // given: both prepared, which their batch.jsonl show
        runWithTwoUsers(status(NO_STEPS.replace("\"batches_created\": false", "\"batches_created\": true"),
                "\"total\": 2, \"prepared\": 2, \"submitted\": 0, \"completed\": 0, \"failed\": 0, \"skipped\": 0"));

        // when
        StatusJsonWatcher watcher = watchUntilRead();
        watcher.close();

        // then
        assertThat(watcher.broken()).isEmpty();
    }

    @Test
    void reportsCountsOutOfOrderAndAboveTheFiles() throws Exception {
        // given: issue 18's kind of reading: more completed than submitted, more submitted than prepared
        runWithTwoUsers(status(NO_STEPS,
                "\"total\": 2, \"prepared\": 1, \"submitted\": 2, \"completed\": 2, \"failed\": 1, \"skipped\": 0"));

        // when
        StatusJsonWatcher watcher = watchUntilRead();
        watcher.close();

        // then
        assertThat(watcher.broken()).first().asString().contains("completed + failed > submitted",
                "submitted > prepared", "submitted > the 0 upload.json files",
                "completed + failed + skipped > the 0 results.json files");
    }

    @Test
    void reportsAStepItsCountsDoNotSupport() throws Exception {
        // given
        runWithTwoUsers(status(NO_STEPS.replace("\"uploads_completed\": false", "\"uploads_completed\": true"),
                "\"total\": 2, \"prepared\": 2, \"submitted\": 0, \"completed\": 0, \"failed\": 0, \"skipped\": 0"));

        // when
        StatusJsonWatcher watcher = watchUntilRead();
        watcher.close();

        // then
        assertThat(watcher.broken()).first().asString()
                .contains("uploads_completed without every user submitted or skipped");
    }

    @Test
    void reportsATornFile() throws Exception {
        // given
        runWithTwoUsers("{\"created\": \"2024-04-08T10:00:00\", \"steps\": {\"config_cre");

        // when
        StatusJsonWatcher watcher = watchUntilRead();
        watcher.close();

        // then
        assertThat(watcher.broken()).isNotEmpty();
    }
}
