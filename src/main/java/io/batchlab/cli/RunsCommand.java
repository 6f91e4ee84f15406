package io.batchlab.cli;

import io.batchlab.results.UserResults;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.InvalidUserIdException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code batchlab runs --user USER_ID}: the user view — every run that has this user, and how far it got. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs of one user (the per-user view).")
final class RunsCommand implements Callable<Integer> {

    @ParentCommand
    Batchlab batchlab;

    @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user.")
    String user;

    @Override
    public Integer call() throws Exception {
        ExperimentStore store = batchlab.store();
        UserId id;
        try {
            id = UserId.of(user, "--user");
        } catch (InvalidUserIdException e) {
            throw new CliException(e.getMessage());
        }
        List<RunId> runs = store.runsOf(id);
        if (runs.isEmpty()) {
            System.out.println("user " + id + " is in no run under " + store.root());
            return 0;
        }
        System.out.printf("%-26s %-6s %-7s %-9s%n", "RUN_ID", "BATCH", "UPLOAD", "RESULTS");
        for (RunId run : runs) {
            System.out.printf("%-26s %-6s %-7s %-9s%n", run,
                    Files.exists(store.batchFile(id, run)) ? "yes" : "-",
                    Files.exists(store.uploadFile(id, run)) ? "yes" : "-",
                    UserResults.status(store.resultsFile(id, run)).map(s -> s.json()).orElse("-"));
        }
        return 0;
    }
}
