package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.results.ExportRow;
import io.batchlab.results.Provenance;
import io.batchlab.results.UserResults;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {

    private static final RunId RUN = RunId.parse("20240408_OT_DS70B_001");
    private static final String HEADER = String.join(",", ExportRow.COLUMNS);

    @TempDir
    Path dir;

    private Path root;

    @BeforeEach
    void runWithOneSkippedUser() throws IOException {
        root = dir.resolve("experiments");
        ExperimentStore store = ExperimentStore.open(root);
        Files.createDirectories(store.runDir(RUN));
        Files.writeString(store.configFile(RUN), """
                experiment: {type: OT, description: export}
                model: {code: DS70B, id: deepseek-r1-distill-llama-70b}
                prompt: {user: "{{text}}"}
                input: {jsonl: gone.jsonl}
                """);
        UsersFile.write(store.usersFile(RUN), List.of(new UserId("31499533")).iterator());
        UserResults.writeSkipped(store, RUN, new UserId("31499533"), Provenance.of(store, RUN),
                "no records, none at all");
    }

    @Test
    void exportsToStandardOutputAsCsvByDefault() {
        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "export", RUN.toString());

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(HEADER + "\r\n" + RUN
                + ",31499533,,,deepseek-r1-distill-llama-70b,skipped,,,,,,,,,,,,,\"no records, none at all\",,\r\n");
    }

    @Test
    void writesJsonlToTheOutFile() throws IOException {
        // given
        Path out = dir.resolve("export.jsonl");

        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "export", RUN.toString(),
                "--format", "jsonl", "--out", out.toString());

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("1 rows of " + RUN + " written to " + out);
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).startsWith("{\"run_id\":\"" + RUN + "\"")
                .contains("\"status\":\"skipped\"").endsWith("}\n");
    }

    @Test
    void anUnknownRunFailsNamingIt() {
        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "export", "20240408_OT_DS70B_002");

        // then
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("no run 20240408_OT_DS70B_002");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void aRunWithoutUsersJsonFailsNamingTheFile() throws IOException {
        // given
        Files.delete(ExperimentStore.open(root).usersFile(RUN));

        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "export", RUN.toString());

        // then
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("run " + RUN + " has no users.json");
    }

    @Test
    void aBrokenResultsFileFailsNamingItAndLeavesNoOutFile() throws IOException {
        // given
        Path results = ExperimentStore.open(root).resultsFile(new UserId("31499533"), RUN);
        Files.writeString(results, "{\"status\": \"complete\", \"requests\": [{");
        Path out = dir.resolve("export.csv");

        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "export", RUN.toString(),
                "--out", out.toString());

        // then
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains(results.toString());
        assertThat(out).doesNotExist();
        assertThat(dir).isDirectoryNotContaining("glob:**/.export.csv.*");
    }

    @Test
    void parquetIsRefusedWithAPointerToTheReadme() {
        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "export", RUN.toString(),
                "--format", "parquet");

        // then
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("parquet is not supported");
    }
}
