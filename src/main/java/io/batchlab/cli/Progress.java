package io.batchlab.cli;

import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import java.io.PrintStream;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress from its status.json: two progress bars (submit, collect) with rate and ETA on a terminal,
 * a line whenever the counts change (at most every few seconds, with the rate and ETA of the step under way)
 * otherwise, so logs of unattended runs stay readable. Rates and ETAs come from {@link Throughput}.
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
            Throughput throughput = new Throughput();
            return new ProgressBarBuilder().setTaskName(task).setInitialMax(0).setUnit(" users", 1)
                    .showSpeed(new DecimalFormat("0.0")).setSpeedUnit(ChronoUnit.SECONDS)
                    .setEtaFunction(state -> {
                        throughput.observe(state.getCurrent());
                        return throughput.left(state.getMax());
                    })
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
        private final Throughput submitted = new Throughput();
        private final Throughput collected = new Throughput();
        private String last = "";
        private Instant lastShown = Instant.EPOCH;

        Lines(PrintStream out, RunId run) {
            this.out = out;
            this.run = run;
        }

        @Override
        void show(RunStatus status) {
            RunStatus.Counts c = status.counts();
            submitted.observe(c.submitted() + c.skipped());
            collected.observe(c.completed() + c.failed() + c.skipped());
            String line = describe(run, status);
            if (!line.equals(last) && Instant.now().isAfter(lastShown.plus(EVERY))) {
                out.println(line + underWay(c).map(rate -> "; " + rate).orElse(""));
                last = line;
                lastShown = Instant.now();
            }
        }

        /** The rate and ETA of the step under way: submitting until every user is submitted, then collecting. */
        private Optional<String> underWay(RunStatus.Counts c) {
            if (c.submitted() + c.skipped() < c.total()) {
                return submitted.describe(c.total()).map(rate -> "submitting " + rate);
            }
            return collected.describe(c.total()).map(rate -> "collecting " + rate);
        }
    }

    static String describe(RunId run, RunStatus status) {
        RunStatus.Counts c = status.counts();
        return String.format("%s %-9s users %d: prepared %d, submitted %d, completed %d, failed %d, skipped %d",
                run, status.state(), c.total(), c.prepared(), c.submitted(), c.completed(), c.failed(), c.skipped());
    }
}
