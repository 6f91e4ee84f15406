package io.batchlab.cli;

import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress from its status.json: two progress bars (submit, collect) on a terminal, a line whenever
 * the counts change (at most every few seconds) otherwise, so logs of unattended runs stay readable.
 */
abstract class Progress implements AutoCloseable {

    static Progress create(PrintStream out, RunId run) {
        return Terminal.isInteractive() ? new Bars(run) : new Lines(out, run);
    }

    abstract void show(RunStatus status);

    @Override
    public void close() {
    }

    private static final class Bars extends Progress {
        private final ProgressBar submit;
        private final ProgressBar collect;

        Bars(RunId run) {
            submit = bar("submit " + run);
            collect = bar("collect " + run);
        }

        private static ProgressBar bar(String task) {
            return new ProgressBarBuilder().setTaskName(task).setInitialMax(0)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
        }

        @Override
        void show(RunStatus status) {
            RunStatus.Counts c = status.counts();
            submit.maxHint(c.total());
            collect.maxHint(c.total());
            submit.stepTo(c.submitted() + c.skipped());
            collect.stepTo(c.completed() + c.failed());
            collect.setExtraMessage(c.failed() > 0 ? c.failed() + " with failures" : "");
        }

        @Override
        public void close() {
            submit.close();
            collect.close();
        }
    }

    private static final class Lines extends Progress {
        private static final Duration EVERY = Duration.ofSeconds(5);
        private final PrintStream out;
        private final RunId run;
        private String last = "";
        private Instant lastShown = Instant.EPOCH;

        Lines(PrintStream out, RunId run) {
            this.out = out;
            this.run = run;
        }

        @Override
        void show(RunStatus status) {
            String line = describe(run, status);
            if (!line.equals(last) && Instant.now().isAfter(lastShown.plus(EVERY))) {
                out.println(line);
                last = line;
                lastShown = Instant.now();
            }
        }
    }

    static String describe(RunId run, RunStatus status) {
        RunStatus.Counts c = status.counts();
        return String.format("%s %-9s users %d: prepared %d, submitted %d, completed %d, failed %d, skipped %d",
                run, status.state(), c.total(), c.prepared(), c.submitted(), c.completed(), c.failed(), c.skipped());
    }
}
