package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.results.Provenance;
import io.batchlab.results.UserResults;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCommandTest {

    private static final RunId RUN = RunId.parse("20240408_OT_DS70B_001");

    @TempDir
    Path dir;

    private Path root;

    @BeforeEach
    void runWithOneSkippedUser() throws IOException {
        root = dir.resolve("experiments");
        ExperimentStore store = ExperimentStore.open(root);
        Files.createDirectories(store.runDir(RUN));
        Files.writeString(store.configFile(RUN), """
                experiment: {type: OT, description: results}
                model: {code: DS70B, id: deepseek-r1-distill-llama-70b}
                prompt: {user: "{{text}}", allowed_answers: [yes, no]}
                input: {jsonl: gone.jsonl}
                """);
        UsersFile.write(store.usersFile(RUN), List.of(new UserId("31499533")).iterator());
        UserResults.writeSkipped(store, RUN, new UserId("31499533"), Provenance.of(store, RUN),
                "no records, none at all");
    }

    @Test
    void printsCountsCostAndWhatIsMissing() {
        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "results", RUN.toString());

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).contains("run " + RUN + ": 1 users, 1 requests")
                .contains("answered 0 · error 0 · unanswered 0 · skipped 1")
                .contains("off-list").contains("cost: not available")
                .contains("missing: 1 requests of 1 users").contains("skipped");
    }

    @Test
    void jsonGoesToStandardOutputOrTheOutFile() throws IOException {
        // given
        Path out = dir.resolve("summary.json");

        // when
        CliOutput printed = CliOutput.of("--experiments", root.toString(), "results", RUN.toString(), "--json");
        CliOutput written = CliOutput.of("--experiments", root.toString(), "results", RUN.toString(), "--json",
                "--out", out.toString());

        // then
        assertThat(printed.exitCode()).isZero();
        JsonObject json = Json.createReader(new StringReader(printed.stdout())).readObject();
        assertThat(json.getString("run_id")).isEqualTo(RUN.toString());
        assertThat(json.getJsonObject("by_status").getInt("skipped")).isEqualTo(1);
        assertThat(written.exitCode()).isZero();
        assertThat(Json.createReader(new StringReader(Files.readString(out, StandardCharsets.UTF_8))).readObject())
                .isEqualTo(json);
    }

    @Test
    void anUnknownRunFailsNamingIt() {
        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "results", "20240408_OT_DS70B_002");

        // then
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("no run 20240408_OT_DS70B_002");
    }
}
