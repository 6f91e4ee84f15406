package io.batchlab.cli;

import io.batchlab.control.RunLease;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code batchlab status [RUN_ID] [--json]}: every run as a table, or one run in detail. Reads only status.json. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show all runs, or one run with its counts.")
final class StatusCommand implements Callable<Integer> {

    static final String INTERRUPTED = "INTERRUPTED";

    @ParentCommand
    Batchlab batchlab;

    @Parameters(paramLabel = "RUN_ID", arity = "0..1", description = "The run to show.")
    String runId;

    @Option(names = "--json", description = "Print status.json as is.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ExperimentStore store = batchlab.store();
        if (runId == null) {
            List<RunId> runs = store.runs();
            if (runs.isEmpty()) {
                System.out.println("no runs under " + store.root());
                return 0;
            }
            StatusTable table = new StatusTable();
            for (RunId run : runs) {
                if (!Files.exists(store.statusFile(run))) {
                    table.addWithoutStatus(run);
                    continue;
                }
                RunStatus s = RunStatusStore.read(store, run);
                table.add(run, state(store, run, s), s);
            }
            table.lines().forEach(System.out::println);
            return 0;
        }
        RunId run = Runs.parse(store, runId);
        if (json) {
            System.out.println(Files.readString(store.statusFile(run), StandardCharsets.UTF_8));
            return 0;
        }
        RunStatus s = RunStatusStore.read(store, run);
        System.out.println(Progress.describe(run, s));
        if (INTERRUPTED.equals(state(store, run, s))) {
            System.out.println("no batchlab process works on this run: it was interrupted (a crash, a kill, a reboot)."
                    + "\ncontinue it with: batchlab restart " + run);
        }
        System.out.println("description:   " + s.description());
        System.out.println("created:       " + s.created() + "   last updated: " + s.lastUpdated());
        for (RunStatus.Step step : RunStatus.Step.values()) {
            System.out.printf("  [%s] %s%n", s.step(step) ? "x" : " ", step.name().toLowerCase());
        }
        if (s.jobExecutionId() != null) {
            System.out.println("job execution: " + s.jobExecutionId());
        }
        if (s.nextWindow() != null) {
            System.out.println("next window:   " + s.nextWindow());
        }
        if (s.lastError() != null) {
            System.out.println("last error:    " + s.lastError());
        }
        s.problems().forEach(p -> System.out.println("  problem: user " + p.userId() + " (" + p.step() + "): "
                + p.reason()));
        return 0;
    }

    /**
     * status.json says RUNNING (or RETRYING) until the job ends; only the run lock tells whether a process still runs
     * it.
     */
    private static String state(ExperimentStore store, RunId run, RunStatus status) throws IOException {
        boolean working = status.state() == RunStatus.State.RUNNING || status.state() == RunStatus.State.RETRYING;
        return working && !RunLease.isHeld(store, run) ? INTERRUPTED
                : status.state().name();
    }
}
