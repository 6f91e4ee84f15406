package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input that only shows when a user's requests are built (a template field the records lack, a user over the
 * provider's 50,000-line limit): the run goes on without the user, who is listed with the reason in results.json,
 * status.json and the summary; nothing of that user reaches the provider, and the command exits 2.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class UserLevelBadInputIT {

    private static final Map<String, String> ENV = Map.of("GROQ_API_KEY", "gsk_SENTINEL_userlevel_51aa");

    @TempDir
    Path work;

    @Test
    void templateNamingAFieldTheRecordsLackSkipsEveryUserWithTheTemplateLineAndField() throws Exception {
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults())) {
            // given
            Cohort cohort = Cohort.write(work.resolve("cohort"), 3, emulator.baseUri());
            Files.writeString(cohort.config(), Files.readString(cohort.config()).replace("{{text}}", "{{body_text}}"));

            // when
            CliProcess run = CliProcess.start(work.resolve("experiments"), work.resolve("logs"), "run", ENV,
                    "run", cohort.config().toString());
            int exit = run.awaitExit(Duration.ofMinutes(3));

            // then
            assertThat(exit).isEqualTo(Summary.INCOMPLETE_RESULTS);
            assertThat(run.stdout()).contains("0 users have failed or missing requests and 3 were skipped",
                    "(prepare): user " + cohort.users().get(0) + ", record 1: template prompt.user line 1 uses "
                            + "{{body_text}}, which is not defined");
            JsonObject status = readJson(statusFile(work.resolve("experiments")));
            assertThat(status.getJsonObject("counts").getInt("skipped")).isEqualTo(3);
            assertThat(status.getJsonArray("problems")).hasSize(3);
            assertThat(emulator.counts().calls("POST /files")).isZero();
        }
    }

    @Test
    void userWithMoreThanFiftyThousandRequestsIsSkippedWithTheLimitAndTheOthersComplete() throws Exception {
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults())) {
            // given: user 900000 has 50,001 posts, two others one each
            Cohort cohort = Cohort.write(work.resolve("cohort"), 2, emulator.baseUri());
            try (Writer out = Files.newBufferedWriter(cohort.posts(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND)) {
                for (int i = 0; i < 50_001; i++) {
                    out.write("{\"user_id\":\"900000\",\"created_at\":\"2024-04-08\",\"text\":\"post " + i + "\"}\n");
                }
            }

            // when
            CliProcess run = CliProcess.start(work.resolve("experiments"), work.resolve("logs"), "run", ENV,
                    "run", cohort.config().toString());
            int exit = run.awaitExit(Duration.ofMinutes(3));

            // then
            assertThat(exit).as("stderr:\n%s", run.stderr()).isEqualTo(Summary.INCOMPLETE_RESULTS);
            assertThat(run.stdout()).contains("user 900000 (prepare): user 900000 has more than 50000 records in "
                    + "posts.jsonl (reading stopped there); one user's requests must fit one batch file (at most 50000 "
                    + "lines and 104857600 bytes)");
            Path root = work.resolve("experiments");
            String runId = statusFile(root).getParent().getFileName().toString();
            JsonObject skipped = readJson(root.resolve("users/900000").resolve(runId).resolve("results.json"));
            assertThat(skipped.getString("status")).isEqualTo("skipped");
            assertThat(skipped.getString("reason")).contains("more than 50000 records");
            for (String user : cohort.users()) {
                assertThat(readJson(root.resolve("users").resolve(user).resolve(runId).resolve("results.json"))
                        .getString("status")).isEqualTo("complete");
            }
            assertThat(emulator.counts().uploadsPerRunUser().keySet()).containsExactlyInAnyOrderElementsOf(
                    cohort.users().stream().map(user -> runId + "/" + user).toList());
            assertThat(Files.exists(root.resolve("users/900000").resolve(runId).resolve("upload.json"))).isFalse();
        }
    }

    private static Path statusFile(Path root) throws IOException {
        try (Stream<Path> runs = Files.list(root.resolve("runs"))) {
            List<Path> all = runs.toList();
            assertThat(all).hasSize(1);
            return all.get(0).resolve("status.json");
        }
    }

    private static JsonObject readJson(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        }
    }
}
