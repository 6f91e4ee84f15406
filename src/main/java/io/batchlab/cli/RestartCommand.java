package io.batchlab.cli;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code batchlab restart RUN_ID}: continues a stopped, failed or crashed run from its checkpoints. Nobody is
 * submitted twice: users with an upload.json are trusted, and the provider is asked about half-done ones.
 */
@Command(name = "restart", description = "Continue a stopped, failed or crashed run from its checkpoints.")
class RestartCommand implements Callable<Integer> {

    @ParentCommand
    Batchlab batchlab;

    @Parameters(paramLabel = "RUN_ID")
    String runId;

    @Option(names = "--partitions", paramLabel = "N", description = "Parallel partitions for prepare-and-submit.")
    Integer partitions;

    @Option(names = "--poll-interval", paramLabel = "DURATION", description = "Poll interval while collecting.")
    String pollInterval;

    @Option(names = "--collect-deadline", paramLabel = "DURATION",
            description = "How long collecting may wait this time (default: provider.collect_deadline of the run).")
    String collectDeadline;

    @Override
    public Integer call() throws Exception {
        ExperimentStore store = batchlab.store();
        RunId run = Runs.parse(store, runId);
        if (!ProviderChoice.hasApiKey()) {
            // The run's config.yaml names the provider; an emulator run continues against a running emulator.
            System.setProperty(ProviderChoice.API_KEY, "emulator");
        }
        var status = new RunSupervisor(store, System.out).restart(run, JobOptions.of(partitions, pollInterval, collectDeadline));
        return Summary.print(store, run, status, System.out);
    }
}
