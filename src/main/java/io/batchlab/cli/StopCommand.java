package io.batchlab.cli;

import io.batchlab.control.RunStateException;
import io.batchlab.control.StopRequests;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code batchlab stop RUN_ID}: asks the process running the run to stop it at its next checkpoint. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a running run at its next checkpoint; continue it with 'restart'.")
final class StopCommand implements Callable<Integer> {

    @ParentCommand
    Batchlab batchlab;

    @Parameters(paramLabel = "RUN_ID")
    String runId;

    @Override
    public Integer call() throws Exception {
        ExperimentStore store = batchlab.store();
        RunId run = Runs.parse(store, runId);
        try {
            StopRequests.ask(store, run);
        } catch (RunStateException e) {
            throw new CliException(e.getMessage());
        }
        System.out.println("stop requested for run " + run + "; it stops at its next checkpoint. "
                + "Continue it with: batchlab restart " + run);
        return 0;
    }
}
