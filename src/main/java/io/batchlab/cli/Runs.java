package io.batchlab.cli;

import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;

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
}
