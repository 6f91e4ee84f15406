package io.batchlab.job;

import io.batchlab.results.ResultStatus;
import io.batchlab.results.UserResults;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * The one source of truth for a run's counts in a job execution: one state per user (a byte, at the user's position
 * in users.json), moved forward only right after the file that proves the new state has been written, and recounted
 * from the files when the execution starts. status.json's counts and its three derived steps are a snapshot of it,
 * so they hold the invariant
 * <pre>0 ≤ completed + failed ≤ submitted ≤ prepared ≤ total − skipped</pre>
 * in every version of the file, and none is above what the files under users/*&#47;RUN_ID/ show, because files are only
 * ever added or replaced, never removed.
 */
final class RunCounts {

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

    private RunCounts(int total) {
        states = new byte[total];
        tallies[UserState.NONE.ordinal()] = total;
    }

    /** A run nobody has worked on yet. */
    static RunCounts fresh(long total) {
        return new RunCounts(Math.toIntExact(total));
    }

    /** Reads every user's state from the files; the start of every job execution. */
    static RunCounts recount(ExperimentStore store, RunId run) throws IOException {
        long total = UsersFile.count(store.usersFile(run));
        RunCounts counts = fresh(total);
        try (UsersFile.Cursor users = UsersFile.open(store.usersFile(run))) {
            while (users.hasNext()) {
                long position = users.position();
                UserState state = stateOnDisk(store, run, users.next());
                if (state != UserState.NONE) {
                    counts.advance(position, state);
                }
            }
        }
        return counts;
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
     * Moves a user forward to {@code to}, once the file that shows it is written; a move to an earlier or the same
     * state (a replayed chunk, a restart) changes nothing. Terminal states are final.
     *
     * @return whether the user moved
     */
    synchronized boolean advance(long position, UserState to) {
        int index = Math.toIntExact(position);
        UserState from = STATES[states[index]];
        if (to.rank <= from.rank) {
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
    synchronized RunStatus.Counts snapshot() {
        long completed = tally(UserState.COMPLETED);
        long failed = tally(UserState.FAILED);
        long submitted = tally(UserState.SUBMITTED) + completed + failed;
        long prepared = tally(UserState.PREPARED) + submitted;
        return new RunStatus.Counts(states.length, prepared, submitted, completed, failed, tally(UserState.SKIPPED));
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

    /** Writes the current snapshot into the run's status.json (the snapshot is taken under status.json's lock). */
    static void publish(RunContext run) throws IOException {
        RunCounts counts = run.counts();
        run.statuses().update(run.runId(), counts::applyTo);
    }
}
