package io.batchlab.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/** Child process for the status proof: args ROOT RUN_ID N; increments counts.prepared N times. */
public final class UpdateStatusMain {

    private UpdateStatusMain() {
    }

    public static void main(String[] args) throws Exception {
        RunStatusStore statuses = new RunStatusStore(ExperimentStore.open(Path.of(args[0])),
                Clock.systemUTC(), ZoneOffset.UTC);
        RunId run = RunId.parse(args[1]);
        int updates = Integer.parseInt(args[2]);
        ChildProcesses.awaitGo();
        for (int i = 0; i < updates; i++) {
            statuses.update(run, status -> status.withCounts(
                    status.counts().withPrepared(status.counts().prepared() + 1)));
        }
        System.out.println("done " + updates);
    }
}
