package io.batchlab.cli;

import io.batchlab.job.RunCreator;
import io.batchlab.store.ExperimentStore;
import java.nio.file.Path;

/** Child process of {@link ConcurrentRunsIT}: says "ready", waits until stdin closes, creates one run, prints its id. */
public final class CreateRunMain {

    private CreateRunMain() {
    }

    public static void main(String[] args) throws Exception {
        ExperimentStore store = ExperimentStore.open(Path.of(args[0]));
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() != -1) {
            // the parent only ever closes stdin: that is the starting shot
        }
        System.out.println(RunCreator.create(store, Path.of(args[1]), null, provider -> provider));
    }
}
