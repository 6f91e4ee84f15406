package io.batchlab.cli;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code batchlab restart RUN_ID}: continues a stopped, failed or crashed run from its checkpoints. Nobody is
 * submitted twice: users with an upload.json are trusted, and the provider is asked about half-done ones.
 */
@Command(name = "restart", mixinStandardHelpOptions = true, description = "Continue a stopped, failed or crashed run from its checkpoints.")
class RestartCommand implements Callable<Integer> {

    @ParentCommand
    Batchlab batchlab;

    @Parameters(paramLabel = "RUN_ID")
    String runId;

    @Mixin
    JobOptions jobOptions;

    @Option(names = "--collect-deadline", paramLabel = "DURATION",
            description = "How long collecting may wait this time (default: provider.collect_deadline of the run).")
    String collectDeadline;

    @Option(names = "--max-cost", paramLabel = "USD",
            description = "Cost cap for this execution instead of provider.max_cost, e.g. to go on after the cap"
                    + " stopped submitting (give it again on later restarts).")
    String maxCost;

    @Override
    public Integer call() throws Exception {
        ExperimentStore store = batchlab.store();
        RunId run = Runs.parse(store, runId);
        ProviderChoice.emulatorKeyUnlessSet();
        Properties parameters = jobOptions.toParameters();
        JobOptions.addCollectDeadline(parameters, collectDeadline);
        JobOptions.addMaxCost(parameters, maxCost);
        var status = new RunSupervisor(store, System.out).restart(run, parameters);
        return Summary.print(store, run, status, System.out);
    }
}
