package io.batchlab.cli;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run ids typed by a user: parsed with the reason on error, and required to exist. */
final class Runs {

    private Runs() {
    }

    static RunId parse(ExperimentStore store, String text) {
        RunId run;
        try {
            run = RunId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        if (!store.exists(run)) {
            throw new CliException("no run " + run + " under " + store.root() + " (see 'batchlab status')");
        }
        return run;
    }

    /** The same, and the run must have been created whole: its config.yaml and users.json exist. */
    static RunId parseCreated(ExperimentStore store, String text) {
        RunId run = parse(store, text);
        for (Path needed : new Path[] {store.configFile(run), store.usersFile(run)}) {
            if (!Files.exists(needed)) {
                throw new CliException("run " + run + " has no " + needed.getFileName() + " (" + needed + ")");
            }
        }
        return run;
    }
}
