package io.batchlab.job;

import io.batchlab.cost.Price;
import io.batchlab.cost.Prices;
import io.batchlab.results.ResultsUsage;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The tokens of the answers collected so far, for status.json, without re-reading every results.json: each user's
 * usage is appended to {@code .batchlab/costs/RUN_ID.collected} ({@code position TAB prompt TAB completion TAB
 * reasoning TAB cached}) once its results.json is written, and what a retry adds to a user's results.json as a line
 * starting with {@code +}. At the start of an execution the file is replayed, and
 * only if it holds fewer users than the counts show collected (a crash between the two writes, a lost tail, a run
 * older than this file) are the missing users' results.json read again.
 */
final class RunUsage implements Closeable {

    private static final Logger LOG = Logger.getLogger(RunUsage.class.getName());

    private final BitSet recorded = new BitSet();
    private final FileChannel out;
    private ResultsUsage total = ResultsUsage.NONE;

    private RunUsage(FileChannel out) {
        this.out = out;
    }

    static Path file(ExperimentStore store, RunId run) {
        return store.workDir().resolve("costs").resolve(run + ".collected");
    }

    static RunUsage open(ExperimentStore store, RunId run, RunCounts counts) throws IOException {
        Path file = file(store, run);
        Files.createDirectories(file.getParent());
        RunUsage usage = new RunUsage(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
        try {
            usage.replay(file);
            if (usage.recorded.cardinality() < counts.collectedUsers()) {
                LOG.info(() -> "run " + run + ": reading the tokens of collected users missing from " + file);
                usage.catchUp(store, run, counts);
            }
            return usage;
        } catch (IOException | RuntimeException e) {
            usage.close();
            throw e;
        }
    }

    private void replay(Path file) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                boolean added = line.startsWith("+");
                String[] fields = (added ? line.substring(1) : line).split("\t");
                try {
                    int position = Integer.parseInt(fields[0]);
                    ResultsUsage user = new ResultsUsage(Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                            Long.parseLong(fields[3]), Long.parseLong(fields[4]));
                    if (added) {
                        total = total.plus(user);
                    } else if (!recorded.get(position)) {
                        recorded.set(position);
                        total = total.plus(user);
                    }
                } catch (RuntimeException torn) {
                    // a line cut off by a kill: that user is read again from its results.json
                }
            }
        } catch (NoSuchFileException none) {
            // nothing recorded yet
        }
    }

    private void catchUp(ExperimentStore store, RunId run, RunCounts counts) throws IOException {
        try (UsersFile.Cursor users = UsersFile.open(store.usersFile(run))) {
            while (users.hasNext()) {
                long position = users.position();
                UserId user = users.next();
                RunCounts.UserState state = counts.state(position);
                if ((state == RunCounts.UserState.COMPLETED || state == RunCounts.UserState.FAILED)
                        && !recorded.get((int) position)) {
                    record(position, ResultsUsage.of(store.resultsFile(user, run)));
                }
            }
        }
    }

    /** Adds a user's usage once its results.json is written; a user already recorded is not added again. */
    synchronized void record(long position, ResultsUsage usage) throws IOException {
        if (recorded.get(Math.toIntExact(position))) {
            return;
        }
        // not forced: a lost tail is caught up from the results.json files at the next start
        out.write(StandardCharsets.US_ASCII.encode(position + "\t" + usage.prompt() + "\t" + usage.completion()
                + "\t" + usage.reasoning() + "\t" + usage.cached() + "\n"));
        recorded.set(Math.toIntExact(position));
        total = total.plus(usage);
    }

    /**
     * Adds what a retry merged into a user's results.json (its tokens after the merge less those before). Not forced
     * either; a crash between the merge and this line leaves the retried tokens out of status.json (results.json,
     * the export and the summary have them).
     */
    synchronized void add(long position, ResultsUsage added) throws IOException {
        out.write(StandardCharsets.US_ASCII.encode("+" + position + "\t" + added.prompt() + "\t"
                + added.completion() + "\t" + added.reasoning() + "\t" + added.cached() + "\n"));
        total = total.plus(added);
    }

    /** status.json's tokens and cost: the collected tokens at the model's price, and the cost cap's estimate. */
    synchronized RunStatus applyTo(RunStatus status, Optional<Price> price, Optional<CostCap> cap) {
        RunStatus.Tokens tokens = new RunStatus.Tokens(total.prompt(), total.completion(), total.reasoning(),
                total.cached());
        RunStatus.Cost cost = new RunStatus.Cost("USD",
                price.map(p -> p.batchCost(total.prompt(), total.completion()).stripTrailingZeros()).orElse(null),
                cap.map(c -> c.submitted().stripTrailingZeros()).orElse(null),
                cap.map(CostCap::cap).orElse(null), price.map(Price::describe).orElse(null));
        return status.withTokensAndCost(tokens, cost);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
