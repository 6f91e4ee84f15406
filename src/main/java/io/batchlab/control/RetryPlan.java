package io.batchlab.control;

import io.batchlab.input.UserIdList;
import io.batchlab.results.UserRetryState;
import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RetryFiles;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a retry of a run would ask again, read from the users' files before the retry job starts: the users missing
 * answers (results.json {@code partial} or {@code failed} with {@code unanswered} requests) and their requests, the
 * retry attempts still in flight, and the users the run's first pass has not collected yet (no results.json: the run
 * must be continued with restart before a retry).
 *
 * @param selection the users the retry is limited to; empty: every user of the run
 */
public record RetryPlan(RunId run, Optional<Set<UserId>> selection, int users, long requests, int inFlight,
        List<UserId> uncollected) {

    /** Users of a run with nothing to ask again and nothing to collect. */
    public boolean nothingMissing() {
        return users == 0 && inFlight == 0;
    }

    /**
     * The plan for the run's users (of {@code usersFile} only, when given), refused while some of them have no
     * results.json yet.
     *
     * @throws RunStateException {@code UNFINISHED}: restart the run first
     * @throws IllegalArgumentException naming the users file and the id that is not one of the run's users
     */
    static RetryPlan checked(ExperimentStore store, RunId run, Optional<Path> usersFile) throws IOException {
        Optional<Set<UserId>> selection = usersFile.isEmpty() ? Optional.empty()
                : Optional.of(readSelection(store, run, usersFile.get()));
        RetryPlan plan = of(store, run, selection);
        if (!plan.uncollected().isEmpty()) {
            throw new RunStateException(RunStateException.Reason.UNFINISHED, "run " + run + " has "
                    + plan.uncollected().size() + " users without results.json yet (first: "
                    + plan.uncollected().get(0) + "): continue it with restart until every user is collected, "
                    + "then retry");
        }
        return plan;
    }

    static RetryPlan of(ExperimentStore store, RunId run, Optional<Set<UserId>> selection) throws IOException {
        int users = 0;
        long requests = 0;
        int inFlight = 0;
        List<UserId> uncollected = new ArrayList<>();
        try (UsersFile.Cursor cursor = UsersFile.open(store.usersFile(run))) {
            while (cursor.hasNext()) {
                UserId user = cursor.next();
                Optional<UserRetryState> state = UserRetryState.read(store, run, user);
                if (state.isPresent() && state.get().inFlight()) {
                    inFlight++;
                }
                if (selection.isPresent() && !selection.get().contains(user)) {
                    continue;
                }
                if (state.isEmpty()) {
                    uncollected.add(user);
                } else if (!state.get().inFlight() && state.get().missing()) {
                    users++;
                    requests += state.get().unanswered().size();
                }
            }
        }
        return new RetryPlan(run, selection, users, requests, inFlight, List.copyOf(uncollected));
    }

    /**
     * The users of a users.json ({@code {"users": [...]}}) or plain-text list (one id per line) that must all belong
     * to the run.
     *
     * @throws IllegalArgumentException naming the file and the first id that is not one of the run's users
     */
    static Set<UserId> readSelection(ExperimentStore store, RunId run, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("users file " + file + " does not exist");
        }
        Set<UserId> selected = new LinkedHashSet<>();
        if (file.getFileName().toString().endsWith(".json")) {
            try (UsersFile.Cursor cursor = UsersFile.open(file)) {
                cursor.forEachRemaining(selected::add);
            }
        } else {
            Iterator<UserId> ids = UserIdList.readPlainText(file);
            ids.forEachRemaining(selected::add);
        }
        Set<UserId> ofRun = new HashSet<>();
        try (UsersFile.Cursor cursor = UsersFile.open(store.usersFile(run))) {
            cursor.forEachRemaining(ofRun::add);
        }
        for (UserId user : selected) {
            if (!ofRun.contains(user)) {
                throw new IllegalArgumentException("users file " + file + " names user " + user + ", who is not a "
                        + "user of run " + run + " (its users are in " + store.usersFile(run) + ")");
            }
        }
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("users file " + file + " lists no users");
        }
        return selected;
    }

    /** Records the selection for the retry job (and its restarts); no file means every user. */
    void record(ExperimentStore store) throws IOException {
        Path file = RetryFiles.selection(store, run);
        if (selection.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        Files.createDirectories(file.getParent());
        AtomicFiles.writeString(file, selection.get().stream().map(UserId::value)
                .collect(Collectors.joining("\n", "", "\n")));
    }
}
