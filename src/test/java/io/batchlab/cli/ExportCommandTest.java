package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.batchlab.results.ExportRow;
import io.batchlab.results.ParquetRows;
import io.batchlab.results.Provenance;
import io.batchlab.results.UserResults;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    void writesParquetToTheOutFileWithTheCsvsRows() throws IOException {
        // given
        Path out = dir.resolve("export.parquet");
        String csv = CliOutput.of("--experiments", root.toString(), "export", RUN.toString()).stdout();

        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "export", RUN.toString(),
                "--format", "PARQUET", "--out", out.toString());

        // then
        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr()).contains("1 rows of " + RUN + " written to " + out);
        ParquetRows parquet = ParquetRows.read(out);
        assertThat(parquet.rows()).isEqualTo(parquet.typed(csv));
        assertThat(parquet.rows().get(0)).containsEntry("status", "skipped").containsEntry("custom_id", null)
                .containsEntry("error_message", "no records, none at all");
    }

    @Test
    void writesParquetToAPipeInAJvmWithoutHadoop() throws Exception {
        // given: the test class path has Hadoop (parquet's reader needs it), the child gets none of it
        String hadoop = "/org/apache/hadoop/";
        assertThat(System.getProperty("java.class.path")).contains(hadoop);
        String csv = CliOutput.of("--experiments", root.toString(), "export", RUN.toString()).stdout();

        // when
        CliProcess export = CliProcess.startWithoutJarsUnder(hadoop, root, dir.resolve("logs"), "parquet",
                "export", RUN.toString(), "--format", "parquet");

        // then
        assertThat(export.awaitExit(Duration.ofMinutes(1))).as(export.stderr()).isZero();
        assertThat(export.stderr()).doesNotContain("SLF4J").doesNotContain("Exception");
        ParquetRows parquet = ParquetRows.read(dir.resolve("logs/parquet.out"));
        assertThat(parquet.rows()).isEqualTo(parquet.typed(csv));
    }

    @Test
    void parquetIsRefusedOnATerminalUnlessWrittenToAFile() throws Exception {
        // given: a pseudo-terminal as the CLI's standard input and output (util-linux script)
        Path script = Path.of("/usr/bin/script");
        assumeTrue(Files.isExecutable(script), "needs " + script + " for a pseudo-terminal");
        String command = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Batchlab.class.getName(), "--experiments", root.toString(), "export", RUN.toString(),
                "--format", "parquet");
        Path transcript = dir.resolve("terminal.txt");

        // when
        Process terminal = new ProcessBuilder(script.toString(), "-qec", command, "/dev/null")
                .redirectErrorStream(true).redirectOutput(transcript.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();

        // then
        assertThat(terminal.waitFor(1, TimeUnit.MINUTES)).isTrue();
        String shown = Files.readString(transcript, StandardCharsets.UTF_8);
        assertThat(terminal.exitValue()).as(shown).isNotZero();
        assertThat(shown).contains("parquet is binary: write it with --out FILE or pipe it").doesNotContain("PAR1");
    }

    @Test
    void anUnknownFormatNamesTheAllowedOnes() {
        // when
        CliOutput result = CliOutput.of("--experiments", root.toString(), "export", RUN.toString(),
                "--format", "xlsx");

        // then
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("'xlsx' is not an export format; use csv, jsonl or parquet");
    }
}
