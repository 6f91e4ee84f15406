package io.batchlab.cli;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code batchlab retry RUN_ID [--users FILE]}: asks the provider again only the unanswered requests of the run's
 * partial and failed users, with their original custom_ids, and merges the answers into the same results.json files.
 */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Ask again only what a run is missing: the unanswered requests of its partial and failed users.")
class RetryCommand implements Callable<Integer> {

    @ParentCommand
    Batchlab batchlab;

    @Parameters(paramLabel = "RUN_ID")
    String runId;

    @Option(names = "--users", paramLabel = "FILE",
            description = "Only these users of the run: a users.json or one id per line.")
    Path users;

    @Option(names = "--collect-deadline", paramLabel = "DURATION",
            description = "How long collecting may wait this time (default: provider.collect_deadline of the run).")
    String collectDeadline;

    @Override
    public Integer call() throws Exception {
        ExperimentStore store = batchlab.store();
        RunId run = Runs.parse(store, runId);
        ProviderChoice.emulatorKeyUnlessSet();
        Properties parameters = new Properties();
        JobOptions.addCollectDeadline(parameters, collectDeadline);
        var status = new RunSupervisor(store, System.out).retry(run, Optional.ofNullable(users), parameters);
        return status.isEmpty() ? 0 : Summary.print(store, run, status.get(), System.out);
    }
}
