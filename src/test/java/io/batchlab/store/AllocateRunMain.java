package io.batchlab.store;

import java.nio.file.Path;
import java.time.LocalDate;

/** Child process for the cross-process allocation proof: args ROOT TYPE MODEL DATE; prints the run id. */
public final class AllocateRunMain {

    private AllocateRunMain() {
    }

    public static void main(String[] args) throws Exception {
        ExperimentStore store = ExperimentStore.open(Path.of(args[0]));
        ChildProcesses.awaitGo();
        System.out.println(store.allocateRun(args[1], args[2], LocalDate.parse(args[3])));
    }
}
