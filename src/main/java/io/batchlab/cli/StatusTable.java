package io.batchlab.cli;

import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code batchlab status} prints for all runs: one row per run, then a legend for the STEPS column.
 * Columns are as wide as their widest cell, so with run ids like {@code 20261126_CT_GPT120B_001} a row stays within
 * {@value #WIDTH} columns.
 */
final class StatusTable {

    static final int WIDTH = 100;
    static final String LEGEND = "STEPS: seed steps done of 4 (config_created, batches_created, uploads_completed,"
            + " results_received)";
    private static final DateTimeFormatter UPDATED_SAME_YEAR = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String[] HEADER =
            {"RUN_ID", "STATE", "STEPS", "USERS", "SUBMITTED", "COMPLETED", "FAILED", "SKIPPED", "UPDATED"};
    /** Left-aligned columns; the counts are right-aligned. */
    private static final boolean[] LEFT = {true, true, false, false, false, false, false, false, true};

    private final List<String[]> rows = new ArrayList<>();

    /** A run with its status.json; {@code state} is what to show (e.g. INTERRUPTED for a RUNNING run nobody runs). */
    void add(RunId run, String state, RunStatus status) {
        RunStatus.Counts c = status.counts();
        rows.add(new String[] {run.toString(), state, steps(status), Long.toString(c.total()),
                Long.toString(c.submitted()), Long.toString(c.completed()), Long.toString(c.failed()),
                Long.toString(c.skipped()), updated(run, status.lastUpdated())});
    }

    /** The year only when it is not the one the run id starts with: a full timestamp would not fit. */
    private static String updated(RunId run, LocalDateTime lastUpdated) {
        if (lastUpdated == null) {
            return "";
        }
        return (lastUpdated.getYear() == run.date().getYear() ? UPDATED_SAME_YEAR : UPDATED).format(lastUpdated);
    }

    /** A run directory without status.json (being created, or damaged). */
    void addWithoutStatus(RunId run) {
        rows.add(new String[] {run.toString(), "(no status.json)"});
    }

    /** {@code 2/4}: how many of the seed's four steps status.json marks done. */
    static String steps(RunStatus status) {
        int done = 0;
        for (RunStatus.Step step : RunStatus.Step.values()) {
            done += status.step(step) ? 1 : 0;
        }
        return done + "/" + RunStatus.Step.values().length;
    }

    List<String> lines() {
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
        }
        for (String[] row : rows) {
            // a short row's last cell may overflow into the columns it leaves empty
            for (int i = 0; i < row.length - (row.length < HEADER.length ? 1 : 0); i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(format(HEADER, widths));
        rows.forEach(row -> lines.add(format(row, widths)));
        lines.add(LEGEND);
        return lines;
    }

    private static String format(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(' ');
            }
            String pad = " ".repeat(Math.max(0, widths[i] - cells[i].length()));
            line.append(LEFT[i] ? cells[i] + pad : pad + cells[i]);
        }
        return line.toString().stripTrailing();
    }
}
