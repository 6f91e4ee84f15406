package io.batchlab.job;

import io.batchlab.results.ResultStatus;
import io.batchlab.results.UserResults;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.InvalidUserIdException;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.logging.Logger;

/**
 * The one source of truth for a run's counts in a job execution: one state per user (a byte, at the user's position
 * in users.json), moved forward only right after the file that proves the new state has been written, and recounted
 * from the files when the execution starts. status.json's counts and its three derived steps are a snapshot of it,
 * so they hold the invariant
 * <pre>0 ≤ completed + failed ≤ submitted ≤ prepared ≤ total − skipped</pre>
 * in every version of the file, and none is above what the files under users/*&#47;RUN_ID/ show, because files are only
 * ever added or replaced, never removed.
 */
public final class RunCounts implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunCounts.class.getName());
    /** Settled users whose files a trusted ledger's recount checks, picked at random. */
    static final int SAMPLE = 32;

    /** A user's furthest state, by the files in users/USER_ID/RUN_ID/. */
    enum UserState {
        /** No file yet. */
        NONE(0),
        /** batch.jsonl written. */
        PREPARED(1),
        /** upload.json written: the provider has the batch. */
        SUBMITTED(2),
        /** results.json with status complete. */
        COMPLETED(3),
        /** results.json with status partial or failed. */
        FAILED(3),
        /** results.json with status skipped: the user's requests could not be built. */
        SKIPPED(3);

        private final int rank;

        UserState(int rank) {
            this.rank = rank;
        }

        static UserState of(ResultStatus result) {
            return switch (result) {
                case COMPLETE -> COMPLETED;
                case PARTIAL, FAILED -> FAILED;
                case SKIPPED -> SKIPPED;
            };
        }
    }

    private static final UserState[] STATES = UserState.values();

    private final byte[] states;
    private final long[] tallies = new long[STATES.length];
    /** Where each move is recorded for the next recount; none for counts of tests and of the baseline scan. */
    private RunLedger ledger;

    private RunCounts(int total) {
        states = new byte[total];
        tallies[UserState.NONE.ordinal()] = total;
    }

    /** A run nobody has worked on yet, without a ledger. */
    static RunCounts fresh(long total) {
        return new RunCounts(Math.toIntExact(total));
    }

    /** A run just created: nobody has a file yet; starts its ledger. */
    static RunCounts fresh(ExperimentStore store, RunId run, long total) throws IOException {
        RunCounts counts = fresh(total);
        counts.ledger = RunLedger.create(RunLedger.file(store, run),
                RunLedger.Header.of(store, run, Math.toIntExact(total)), out -> { });
        return counts;
    }

    /**
     * The start of every job execution: the run's counts from its ledger, checked against the files of every user
     * whose move a crash may have cut short and of {@value #SAMPLE} settled users picked at random; from every user's
     * files when there is no ledger or it is not trusted (which also writes the ledger anew).
     */
    public static RunCounts recount(ExperimentStore store, RunId run) throws IOException {
        Path file = RunLedger.file(store, run);
        try {
            return fromLedger(store, run, file);
        } catch (NoSuchFileException noLedger) {
            LOG.info(() -> "run " + run + ": no count ledger yet, counting from the files");
        } catch (RunLedger.LedgerException | InvalidUserIdException untrusted) {
            LOG.warning(() -> "run " + run + ": count ledger " + file + " not trusted (" + untrusted.getMessage()
                    + "), counting from the files");
        }
        return rebuild(store, run, file);
    }

    /** Every user's state from the files, without a ledger: the baseline the bench compares the ledger with. */
    public static RunCounts recountFromFiles(ExperimentStore store, RunId run) throws IOException {
        RunCounts counts = fresh(UsersFile.count(store.usersFile(run)));
        scanFiles(store, run, (position, user, state) -> counts.move(position, state));
        return counts;
    }

    @FunctionalInterface
    private interface Found {
        void user(int position, UserId user, UserState state) throws IOException;
    }

    private static void scanFiles(ExperimentStore store, RunId run, Found found) throws IOException {
        try (UsersFile.Cursor users = UsersFile.open(store.usersFile(run))) {
            while (users.hasNext()) {
                int position = Math.toIntExact(users.position());
                UserId user = users.next();
                UserState state = stateOnDisk(store, run, user);
                if (state != UserState.NONE) {
                    found.user(position, user, state);
                }
            }
        }
    }

    /** Counts from the files and writes a ledger with each user's state, as if replayed from intents. */
    private static RunCounts rebuild(ExperimentStore store, RunId run, Path file) throws IOException {
        int total = Math.toIntExact(UsersFile.count(store.usersFile(run)));
        RunCounts counts = fresh(total);
        counts.ledger = RunLedger.create(file, RunLedger.Header.of(store, run, total), out ->
                scanFiles(store, run, (position, user, state) -> {
                    counts.move(position, state);
                    RunLedger.writeIntent(out, position, user.value());
                    RunLedger.writeState(out, position, state);
                }));
        return counts;
    }

    private static RunCounts fromLedger(ExperimentStore store, RunId run, Path file) throws IOException {
        Replayed replayed = new Replayed();
        RunLedger.Header header = RunLedger.replay(file, replayed);
        if (!header.matches(store, run)) {
            throw new RunLedger.LedgerException("written for another users.json than " + store.usersFile(run));
        }
        RunCounts counts = replayed.counts;
        for (Map.Entry<Integer, String> settled : replayed.sample.entrySet()) {
            int position = settled.getKey();
            if (replayed.open.containsKey(position)) {
                continue;
            }
            UserState onDisk = stateOnDisk(store, run, UserId.of(settled.getValue(), file.toString()));
            if (onDisk != counts.state(position)) {
                throw new RunLedger.LedgerException("user " + settled.getValue() + " is " + counts.state(position)
                        + " in the ledger but " + onDisk + " by the files");
            }
        }
        for (Map.Entry<Integer, String> open : replayed.open.entrySet()) {
            int position = open.getKey();
            UserState onDisk = stateOnDisk(store, run, UserId.of(open.getValue(), file.toString()));
            if (onDisk.rank < counts.state(position).rank) {
                throw new RunLedger.LedgerException("user " + open.getValue() + " is " + counts.state(position)
                        + " in the ledger but only " + onDisk + " by the files");
            }
            counts.move(position, onDisk);
        }
        if (Files.size(file) > counts.compactedSize()) {
            counts.ledger = RunLedger.create(file, header, out -> counts.writeCompacted(out, replayed.sample));
            return counts;
        }
        counts.ledger = RunLedger.append(file);
        try {
            for (int position : replayed.open.keySet()) {
                // closes the intent, so the next recount need not look again
                counts.ledger.state(position, counts.state(position));
            }
        } catch (IOException | RuntimeException e) {
            counts.close();
            throw e;
        }
        LOG.fine(() -> "run " + run + ": counts from the ledger, " + replayed.open.size() + " interrupted moves "
                + "checked against the files");
        return counts;
    }

    /**
     * Past this size a ledger is rewritten with one record per user who has a file: a run's history (an intent and a
     * state per move, chunk replays) would otherwise make every recount read several times that.
     */
    private synchronized long compactedSize() {
        return 2 * 6L * (states.length - tally(UserState.NONE)) + (64 << 10);
    }

    /** Each user's state, and the sampled users again with their ids, so the next recount can still check some. */
    private synchronized void writeCompacted(DataOutputStream out, Map<Integer, String> sample) throws IOException {
        for (int position = 0; position < states.length; position++) {
            if (states[position] != 0) {
                RunLedger.writeState(out, position, STATES[states[position]]);
            }
        }
        for (Map.Entry<Integer, String> sampled : sample.entrySet()) {
            RunLedger.writeIntent(out, sampled.getKey(), sampled.getValue());
            RunLedger.writeState(out, sampled.getKey(), state(sampled.getKey()));
        }
    }

    /** A ledger's records applied in order, with the intents still open and a random sample of settled users. */
    private static final class Replayed implements RunLedger.Replay {
        RunCounts counts;
        final Map<Integer, String> open = new HashMap<>();
        final Map<Integer, String> sample = new HashMap<>();
        private final List<Integer> sampled = new ArrayList<>();
        private final Random random = new Random();
        private long settled;

        @Override
        public void start(RunLedger.Header header) {
            counts = fresh(header.total());
        }

        @Override
        public void intent(int position, String userId) {
            open.put(position, userId);
        }

        @Override
        public void state(int position, UserState state) {
            counts.move(position, state);
            String userId = open.remove(position);
            if (userId != null) {
                offer(position, userId);
            }
        }

        /** Reservoir sampling: each settled move has the same chance to be checked. */
        private void offer(int position, String userId) {
            settled++;
            if (sampled.size() < SAMPLE) {
                sampled.add(position);
                sample.put(position, userId);
            } else {
                long slot = (long) (random.nextDouble() * settled);
                if (slot < SAMPLE) {
                    sample.remove(sampled.get((int) slot));
                    sampled.set((int) slot, position);
                    sample.put(position, userId);
                }
            }
        }
    }

    /** The furthest file a user has: results.json (and its status), else upload.json, else batch.jsonl. */
    static UserState stateOnDisk(ExperimentStore store, RunId run, UserId user) throws IOException {
        Optional<ResultStatus> result = UserResults.status(store.resultsFile(user, run));
        if (result.isPresent()) {
            return UserState.of(result.get());
        }
        if (Files.exists(store.uploadFile(user, run))) {
            return UserState.SUBMITTED;
        }
        return Files.exists(store.batchFile(user, run)) ? UserState.PREPARED : UserState.NONE;
    }

    /**
     * Announces, in the ledger and on disk, that these users' files are about to be written: a recount after a crash
     * looks at their files instead of trusting the ledger.
     */
    void intend(Collection<ListedUser> users) throws IOException {
        if (ledger != null && !users.isEmpty()) {
            ledger.intents(users);
        }
    }

    /**
     * Moves a user forward to {@code to}, once the file that shows it is written, and records it in the ledger; a
     * move to an earlier or the same state (a replayed chunk, a restart) changes nothing. Terminal states are final
     * ({@link #retried} aside).
     *
     * @return whether the user moved
     */
    synchronized boolean advance(long position, UserState to) {
        return record(position, move(position, to, false));
    }

    /**
     * Like {@link #advance}, for a retry's merged results.json: also moves a failed (partial) user that is now
     * complete to completed, the one move out of a terminal state.
     */
    synchronized boolean retried(long position, UserState to) {
        return record(position, move(position, to, true));
    }

    private synchronized boolean record(long position, boolean moved) {
        if (ledger != null) {
            try {
                // also when it did not move: closes the intent
                ledger.state(position, state(position));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record a count in " + e.getMessage(), e);
            }
        }
        return moved;
    }

    /** What the files or the ledger show, in order: a retry may have completed a failed user since. */
    private synchronized boolean move(long position, UserState to) {
        return move(position, to, true);
    }

    private synchronized boolean move(long position, UserState to, boolean retryMayComplete) {
        int index = Math.toIntExact(position);
        UserState from = STATES[states[index]];
        boolean completedByRetry = retryMayComplete && from == UserState.FAILED && to == UserState.COMPLETED;
        if (to.rank <= from.rank && !completedByRetry) {
            return false;
        }
        states[index] = (byte) to.ordinal();
        tallies[from.ordinal()]--;
        tallies[to.ordinal()]++;
        return true;
    }

    synchronized UserState state(long position) {
        return STATES[states[Math.toIntExact(position)]];
    }

    /** The counts as status.json shows them, all from one instant. */
    public synchronized RunStatus.Counts snapshot() {
        long completed = tally(UserState.COMPLETED);
        long failed = tally(UserState.FAILED);
        long submitted = tally(UserState.SUBMITTED) + completed + failed;
        long prepared = tally(UserState.PREPARED) + submitted;
        return new RunStatus.Counts(states.length, prepared, submitted, completed, failed, tally(UserState.SKIPPED));
    }

    /** Users with a results.json that may report tokens (complete, partial or failed; not skipped). */
    synchronized long collectedUsers() {
        return tally(UserState.COMPLETED) + tally(UserState.FAILED);
    }

    private long tally(UserState state) {
        return tallies[state.ordinal()];
    }

    /**
     * Puts a snapshot into {@code status} with the seed's steps that follow from it: every user prepared / submitted /
     * with results, the skipped counting as done for each.
     */
    RunStatus applyTo(RunStatus status) {
        RunStatus.Counts c = snapshot();
        long total = c.total();
        return status.withCounts(c)
                .withStep(RunStatus.Step.BATCHES_CREATED, total > 0 && c.prepared() + c.skipped() == total)
                .withStep(RunStatus.Step.UPLOADS_COMPLETED, total > 0 && c.submitted() + c.skipped() == total)
                .withStep(RunStatus.Step.RESULTS_RECEIVED,
                        total > 0 && c.completed() + c.failed() + c.skipped() == total);
    }

    @Override
    public synchronized void close() throws IOException {
        if (ledger != null) {
            ledger.close();
            ledger = null;
        }
    }

    /** Writes the current snapshot into the run's status.json (the snapshot is taken under status.json's lock). */
    static void publish(RunContext run) throws IOException {
        RunCounts counts = run.counts();
        run.updateStatus(status -> run.showUsage(counts.applyTo(status)));
    }
}
