package io.batchlab.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The printed result: every figure next to its baseline from the same run, its goal and whether it is met. */
final class BenchTable {

    private final List<Row> rows = new ArrayList<>();

    void add(String id, String figure, String measured, String baseline, String goal, Verdict verdict) {
        rows.add(new Row(id, figure, measured, baseline, goal, verdict));
    }

    /** A Markdown table, so it can be pasted into BENCHMARKS.md as printed. */
    void print(PrintStream out) {
        out.println("| | figure | measured | baseline (same run) | goal | |");
        out.println("|---|---|---|---|---|---|");
        for (Row row : rows) {
            out.println("| " + row.id() + " | " + row.figure() + " | " + row.measured() + " | " + row.baseline()
                    + " | " + row.goal() + " | " + row.verdict().text + " |");
        }
    }

    boolean allGoalsMet() {
        return rows.stream().noneMatch(row -> row.verdict() == Verdict.MISSED);
    }

    enum Verdict {
        MET("met"), MISSED("**missed**"), REPORTED("—");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        static Verdict of(boolean met) {
            return met ? MET : MISSED;
        }
    }

    private record Row(String id, String figure, String measured, String baseline, String goal, Verdict verdict) {
    }
}
