package io.batchlab.bench;

import io.batchlab.job.RunCounts;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;

/**
 * P7: the recount every job execution starts with (issue 18), on a run of many users of which some have files:
 * from the run's count ledger (verified) against counting every user's files, the way it was done before the ledger.
 * Both read warm caches: the files were just written.
 */
final class RecountBench {

    private RecountBench() {
    }

    /** Median milliseconds of each way, the first recount's (no ledger yet: files, then the ledger is written). */
    record Result(RunId run, double ledgerMillis, double filesMillis, double firstMillis, long ledgerBytes,
                  RunStatus.Counts counts) {
    }

    static Result once(ExperimentStore store, int users, int worked, int repetitions, PrintStream out)
            throws IOException {
        RunId run = store.allocateRun("BENCH", "RECOUNT", LocalDate.now());
        writeRun(store, run, users, worked);
        long start = System.nanoTime();
        RunStatus.Counts first;
        try (RunCounts counts = RunCounts.recount(store, run)) {
            first = counts.snapshot();
        }
        double firstMillis = (System.nanoTime() - start) / 1e6;
        List<Double> ledger = new ArrayList<>();
        List<Double> files = new ArrayList<>();
        for (int i = 1; i <= repetitions; i++) {
            start = System.nanoTime();
            RunStatus.Counts fromLedger;
            try (RunCounts counts = RunCounts.recount(store, run)) {
                fromLedger = counts.snapshot();
            }
            ledger.add((System.nanoTime() - start) / 1e6);
            start = System.nanoTime();
            RunStatus.Counts fromFiles = RunCounts.recountFromFiles(store, run).snapshot();
            files.add((System.nanoTime() - start) / 1e6);
            if (!fromLedger.equals(fromFiles) || !fromLedger.equals(first)) {
                throw new IllegalStateException("the ledger's counts " + fromLedger + " are not the files' "
                        + fromFiles + " (first recount " + first + ")");
            }
            out.printf("P7 #%d %s: ledger %.0f ms, files %.0f ms%n", i, run, ledger.get(i - 1), files.get(i - 1));
        }
        long bytes = Files.size(store.workDir().resolve("ledgers").resolve(run + ".ledger"));
        return new Result(run, Medians.median(ledger), Medians.median(files), firstMillis, bytes, first);
    }

    /**
     * users.json with {@code users} ids; {@code worked} of them, spread evenly, with files: 8 in 10 complete, 1 only
     * submitted, 1 only prepared.
     */
    private static void writeRun(ExperimentStore store, RunId run, int users, int worked) throws IOException {
        Iterator<UserId> ids = LongStream.range(0, users).mapToObj(RecountBench::user).iterator();
        UsersFile.write(store.usersFile(run), ids);
        long every = Math.max(1, users / Math.max(1, worked));
        for (long i = 0, n = 0; i < users && n < worked; i += every, n++) {
            UserId user = user(i);
            store.userRunDir(user, run);
            Files.writeString(store.batchFile(user, run), "{\"custom_id\":\"r00001\"}\n");
            if (n % 10 == 9) {
                continue;
            }
            Files.writeString(store.uploadFile(user, run), "{\"upload\":{},\"batch\":{}}");
            if (n % 10 == 8) {
                continue;
            }
            Files.writeString(store.resultsFile(user, run), "{\"run_id\":\"" + run + "\",\"user_id\":\""
                    + user.value() + "\",\"status\":\"complete\",\"summary\":{\"requests\":1}}");
        }
    }

    private static UserId user(long i) {
        return UserId.of(Long.toString(10_000_000 + i), "bench");
    }
}
