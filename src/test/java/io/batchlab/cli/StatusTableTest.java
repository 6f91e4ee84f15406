package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 26, 10, 30, 15);

    private static RunStatus status(RunStatus.Counts counts, RunStatus.Step... done) {
        RunStatus status = RunStatus.created(RunId.parse("20261126_CT_GPT120B_001"), "test", NOW).withCounts(counts);
        for (RunStatus.Step step : done) {
            status = status.withStep(step, true);
        }
        return status;
    }

    @Test
    void stepsColumnSaysHowManyOfTheFourStepsAreDoneAndTheLegendNamesThem() {
        // given
        StatusTable table = new StatusTable();
        table.add(RunId.parse("20261126_CT_GPT120B_001"), "RUNNING", status(new RunStatus.Counts(600, 600, 600, 12,
                0, 0), RunStatus.Step.CONFIG_CREATED, RunStatus.Step.BATCHES_CREATED));
        table.add(RunId.parse("20261126_CT_GPT120B_002"), "CREATED", status(RunStatus.Counts.ZERO));
        table.add(RunId.parse("20261126_OT_L70B_001"), "COMPLETED", status(new RunStatus.Counts(20, 20, 20, 19, 1,
                0), RunStatus.Step.values()));

        // when
        List<String> lines = table.lines();

        // then
        assertThat(lines.get(0)).startsWith("RUN_ID").contains(" STEPS ");
        assertThat(lines.get(1)).containsPattern("^20261126_CT_GPT120B_001 +RUNNING +2/4 +600 +600 +12 +0 +0 "
                + "+11-26 10:30$");
        assertThat(lines.get(2)).containsPattern("^20261126_CT_GPT120B_002 +CREATED +0/4 ");
        assertThat(lines.get(3)).containsPattern("^20261126_OT_L70B_001 +COMPLETED +4/4 +20 +20 +19 +1 +0 ");
        assertThat(lines.get(4)).contains("config_created", "batches_created", "uploads_completed",
                "results_received");
        assertThat(lines).hasSize(5);
    }

    @Test
    void numbersLineUpUnderTheirHeadings() {
        // given
        StatusTable table = new StatusTable();
        table.add(RunId.parse("20261126_CT_GPT120B_001"), "RUNNING", status(new RunStatus.Counts(7, 7, 7, 5, 1, 0)));

        // when
        List<String> lines = table.lines();

        // then: right-aligned, each count ends where its heading ends
        String header = lines.get(0);
        String row = lines.get(1);
        assertThat(row.charAt(header.indexOf("USERS") + "USERS".length() - 1)).isEqualTo('7');
        assertThat(row.charAt(header.indexOf("COMPLETED") + "COMPLETED".length() - 1)).isEqualTo('5');
        assertThat(row.charAt(header.indexOf("FAILED") + "FAILED".length() - 1)).isEqualTo('1');
    }

    @Test
    void updatedShowsTheYearWhenItIsNotTheRunIdsYear() {
        // given: a run created on New Year's Eve, last updated the next day
        StatusTable table = new StatusTable();
        RunStatus status = RunStatus.created(RunId.parse("20261231_CT_GPT120B_001"), "test",
                LocalDateTime.of(2027, 1, 1, 0, 5));

        // when
        table.add(RunId.parse("20261231_CT_GPT120B_001"), "RUNNING", status);

        // then
        assertThat(table.lines().get(1)).endsWith(" 2027-01-01 00:05");
    }

    @Test
    void fitsOneHundredColumnsWithAMillionUsersAndTheWidestState() {
        // given
        StatusTable table = new StatusTable();
        RunStatus.Counts million = new RunStatus.Counts(1_000_000, 1_000_000, 1_000_000, 999_000, 500, 500);
        table.add(RunId.parse("20261126_CT_GPT120B_001"), StatusCommand.INTERRUPTED, status(million));
        table.add(RunId.parse("20261126_OT_DS70B_999"), "COMPLETED", status(million, RunStatus.Step.values()));
        table.addWithoutStatus(RunId.parse("20261126_OT_DS70B_998"));

        // when
        List<String> lines = table.lines();

        // then
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(StatusTable.WIDTH));
        assertThat(lines.get(1)).contains(" 1000000 ");
        assertThat(lines.get(3)).isEqualTo("20261126_OT_DS70B_998   (no status.json)");
    }
}
