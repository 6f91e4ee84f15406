package io.batchlab.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The hand-off from prepare-and-submit to collect-results, which run side by side in one job execution: each batch as
 * it is created, and the moment submitting ends. Memory only: collect-results starts from the files and sweeps them
 * again once submitting has ended, so a restart (or a lost entry) costs time, never a user; the hand-off saves it
 * rescanning every user's files each round.
 */
final class Submissions {

    /** How prepare-and-submit ended in this execution (or an earlier one, if this one skips it). */
    enum Ending {
        /** Every user is submitted or skipped, or submit=false prepared them all. */
        COMPLETED,
        /** It failed or was stopped: some users may never be submitted by this execution. */
        INTERRUPTED
    }

    private final Queue<Map.Entry<String, ListedUser>> created = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();

    void created(String batchId, ListedUser user) {
        created.add(Map.entry(batchId, user));
    }

    /** Moves every batch created since the last call into {@code pending} (batch id → its users: several in a pack). */
    void drainTo(Map<String, List<ListedUser>> pending) {
        for (Map.Entry<String, ListedUser> batch = created.poll(); batch != null; batch = created.poll()) {
            List<ListedUser> users = pending.computeIfAbsent(batch.getKey(), id -> new ArrayList<>());
            if (!users.contains(batch.getValue())) {
                users.add(batch.getValue());
            }
        }
    }

    /** The first ending reported wins; later reports of the same end are ignored. */
    void end(Ending how) {
        ending.complete(how);
    }

    Optional<Ending> ending() {
        return Optional.ofNullable(ending.getNow(null));
    }

    /** Runs {@code action} once submitting has ended (at once if it has). */
    void whenEnded(Runnable action) {
        ending.thenRun(action);
    }
}
