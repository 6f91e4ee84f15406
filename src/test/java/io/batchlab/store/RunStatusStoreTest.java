package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchlab.store.RunStatus.Counts;
import io.batchlab.store.RunStatus.Problem;
import io.batchlab.store.RunStatus.State;
import io.batchlab.store.RunStatus.Step;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunStatusStoreTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-04-08T08:30:00.750Z"), ZoneOffset.UTC);
    private ExperimentStore store;
    private RunStatusStore statuses;
    private RunId run;

    @BeforeEach
    void allocateRun() throws IOException {
        store = ExperimentStore.open(root);
        statuses = new RunStatusStore(store, clock, BERLIN);
        run = store.allocateRun("CT", "DS70B", LocalDate.of(2024, 4, 8));
    }

    @Test
    void createWritesTheSeedFieldsFirstThenTheJobFields() throws IOException {
        // when
        RunStatus created = statuses.create(run, "Closed target experiment with Deepseek 70B model");

        // then
        assertThat(created.created()).isEqualTo(LocalDateTime.parse("2024-04-08T10:30:00"));
        assertThat(store.statusFile(run)).hasContent("""
                {
                    "created": "2024-04-08T10:30:00",
                    "steps": {
                        "config_created": false,
                        "batches_created": false,
                        "uploads_completed": false,
                        "results_received": false
                    },
                    "last_updated": "2024-04-08T10:30:00",
                    "description": "Closed target experiment with Deepseek 70B model",
                    "run_id": "20240408_CT_DS70B_001",
                    "state": "CREATED",
                    "job_execution_id": null,
                    "counts": {
                        "total": 0,
                        "prepared": 0,
                        "submitted": 0,
                        "completed": 0,
                        "failed": 0,
                        "skipped": 0
                    },
                    "last_error": null,
                    "problems": [
                    ],
                    "next_window": null,
                    "config_sha256": null
                }""");
        assertThat(RunStatusStore.read(store, run)).isEqualTo(created);
    }

    @Test
    void createRefusesToOverwriteAnExistingStatus() throws IOException {
        // given
        statuses.create(run, "first");

        // then
        assertThatThrownBy(() -> statuses.create(run, "second"))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("already has a status");
        assertThat(RunStatusStore.read(store, run).description()).isEqualTo("first");
    }

    @Test
    void createRequiresAnAllocatedRun() {
        // given
        RunId unknown = run.withSequence(2);

        // then
        assertThatThrownBy(() -> statuses.create(unknown, "x"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("run 20240408_CT_DS70B_002 does not exist");
        assertThat(store.runDir(unknown)).doesNotExist();
    }

    @Test
    void updateAppliesTheChangeAndStampsLastUpdated() throws IOException {
        // given
        statuses.create(run, "d");
        clock.advance(Duration.ofMinutes(75));

        // when
        RunStatus updated = statuses.update(run, status -> status
                .withStep(Step.CONFIG_CREATED, true)
                .withState(State.RUNNING)
                .withJobExecutionId(42L)
                .withCounts(status.counts().withTotal(2).withPrepared(1))
                .withProblem(new Problem("31499534", "prepare", "no messages"))
                .withLastError("provider said 503"));

        // then
        assertThat(updated.lastUpdated()).isEqualTo(LocalDateTime.parse("2024-04-08T11:45:00"));
        assertThat(updated.created()).isEqualTo(LocalDateTime.parse("2024-04-08T10:30:00"));
        assertThat(RunStatusStore.read(store, run)).isEqualTo(updated);
        String json = Files.readString(store.statusFile(run));
        assertThat(json).contains("\"config_created\": true", "\"state\": \"RUNNING\"",
                "\"job_execution_id\": 42", "\"total\": 2", "\"prepared\": 1", "\"user_id\": \"31499534\"",
                "\"last_error\": \"provider said 503\"", "\"last_updated\": \"2024-04-08T11:45:00\"");
    }

    @Test
    void updateWithoutChangeDoesNotRewriteTheFile() throws IOException {
        // given
        RunStatus created = statuses.create(run, "d");
        Path file = store.statusFile(run);
        FileTime marker = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, marker);
        clock.advance(Duration.ofHours(1));

        // when
        RunStatus same = statuses.update(run, status -> status.withState(State.CREATED));

        // then
        assertThat(same).isEqualTo(created);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(marker);
    }

    @Test
    void readsASeedStatusFileWithoutTheAddedFields() throws IOException {
        // given
        Files.writeString(store.statusFile(run), """
                {
                  "created": "2024-04-08T10:30:00",
                  "steps": {
                    "config_created": true,
                    "batches_created": true,
                    "uploads_completed": true,
                    "results_received": false
                  },
                  "last_updated": "2024-04-08T11:45:00",
                  "description": "Closed target experiment with Deepseek 70B model",
                  "written_by": "a future version"
                }""");

        // when
        RunStatus status = RunStatusStore.read(store, run);

        // then
        assertThat(status.created()).isEqualTo(LocalDateTime.parse("2024-04-08T10:30:00"));
        assertThat(status.lastUpdated()).isEqualTo(LocalDateTime.parse("2024-04-08T11:45:00"));
        assertThat(status.step(Step.UPLOADS_COMPLETED)).isTrue();
        assertThat(status.step(Step.RESULTS_RECEIVED)).isFalse();
        assertThat(status.state()).isEqualTo(State.CREATED);
        assertThat(status.counts()).isEqualTo(Counts.ZERO);
        assertThat(status.problems()).isEmpty();
        assertThat(status.jobExecutionId()).isNull();
        assertThat(status.runId()).isNull();
        assertThat(status.configSha256()).isNull();
    }

    @Test
    void aStatusFileWithMissingStepsReadsThemAsNotDone() throws IOException {
        // given
        Files.writeString(store.statusFile(run),
                "{\"created\": \"2024-04-08T10:30:00\", \"steps\": {\"config_created\": true}}");

        // when
        RunStatus status = RunStatusStore.read(store, run);

        // then
        assertThat(status.step(Step.CONFIG_CREATED)).isTrue();
        assertThat(status.step(Step.BATCHES_CREATED)).isFalse();
    }

    @Test
    void aBrokenStatusFileIsNamed() throws IOException {
        // given
        Files.writeString(store.statusFile(run), "{\"created\": \"yesterday\"}");

        // then
        assertThatThrownBy(() -> RunStatusStore.read(store, run)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read " + store.statusFile(run));
    }

    @Test
    void anUnknownStateIsNamedWithTheAllowedOnes() throws IOException {
        // given
        statuses.create(run, "d");

        // then
        assertThatThrownBy(() -> statuses.update(run, status -> status.withState(State.parse("DONE"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("run state 'DONE' is invalid")
                .hasMessageContaining("COMPLETED");
        assertThat(RunStatusStore.read(store, run).state()).isEqualTo(State.CREATED);
    }

    @ParameterizedTest
    @EnumSource(State.class)
    void aStateWrittenByNameReadsBack(State state) throws IOException {
        // given: as earlier versions wrote it, the upper-case name
        Files.writeString(store.statusFile(run),
                "{\"created\": \"2024-04-08T10:30:00\", \"state\": \"" + state.name() + "\"}");

        // when
        RunStatus status = RunStatusStore.read(store, run);

        // then
        assertThat(status.state()).isEqualTo(state);
    }

    @Test
    void aFileWithAnUnknownStateIsNamedWithTheAllowedOnes() throws IOException {
        // given
        Files.writeString(store.statusFile(run), "{\"created\": \"2024-04-08T10:30:00\", \"state\": \"DONE\"}");

        // then
        assertThatThrownBy(() -> RunStatusStore.read(store, run)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read " + store.statusFile(run))
                .hasMessageContaining("run state 'DONE' is invalid")
                .hasMessageContaining("COMPLETED");
    }
}
