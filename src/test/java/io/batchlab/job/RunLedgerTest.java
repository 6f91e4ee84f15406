package io.batchlab.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.job.RunCounts.UserState;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recount trusts the count ledger only as far as the files bear it out. */
class RunLedgerTest {

    @TempDir
    Path dir;

    private ExperimentStore store;
    private RunId run;
    private List<UserId> users;

    @BeforeEach
    void runWithTenUsers() throws IOException {
        store = ExperimentStore.open(dir);
        run = store.allocateRun("CT", "DS70B", LocalDate.of(2024, 4, 8));
        users = IntStream.range(0, 10).mapToObj(i -> UserId.of("u" + i, "test")).toList();
        UsersFile.write(store.usersFile(run), users.iterator());
    }

    /** What the job does for one transition: intent, the file, the move. */
    private void move(RunCounts counts, int position, UserState to) throws IOException {
        UserId user = users.get(position);
        counts.intend(List.of(new ListedUser(position, user)));
        write(user, to);
        counts.advance(position, to);
    }

    private void write(UserId user, UserState to) throws IOException {
        Path file = switch (to) {
            case PREPARED -> store.batchFile(user, run);
            case SUBMITTED -> store.uploadFile(user, run);
            default -> store.resultsFile(user, run);
        };
        String content = switch (to) {
            case COMPLETED -> "{\"status\": \"complete\"}";
            case FAILED -> "{\"status\": \"partial\"}";
            case SKIPPED -> "{\"status\": \"skipped\"}";
            default -> "{}";
        };
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Users 0-3 complete, 4 failed, 5 submitted, 6 prepared, 7 skipped, 8-9 untouched. */
    private void workOn(RunCounts counts) throws IOException {
        for (int position = 0; position <= 6; position++) {
            move(counts, position, UserState.PREPARED);
            if (position <= 5) {
                move(counts, position, UserState.SUBMITTED);
            }
            if (position <= 4) {
                move(counts, position, position == 4 ? UserState.FAILED : UserState.COMPLETED);
            }
        }
        move(counts, 7, UserState.SKIPPED);
    }

    private static final RunStatus.Counts AFTER_WORK = new RunStatus.Counts(10, 7, 6, 4, 1, 1);

    @Test
    void aFreshRunsLedgerReplaysToTheSameCountsAsTheFiles() throws IOException {
        // given
        try (RunCounts counts = RunCounts.fresh(store, run, users.size())) {
            workOn(counts);
        }

        // when
        try (RunCounts recounted = RunCounts.recount(store, run)) {

            // then
            assertThat(recounted.snapshot()).isEqualTo(AFTER_WORK)
                    .isEqualTo(RunCounts.recountFromFiles(store, run).snapshot());
        }
    }

    @Test
    void aMoveCutShortAfterItsFileIsFoundThroughItsIntent() throws IOException {
        // given: killed after user 8's batch.jsonl and user 5's results.json were written, before their moves
        try (RunCounts counts = RunCounts.fresh(store, run, users.size())) {
            workOn(counts);
            counts.intend(List.of(new ListedUser(8, users.get(8)), new ListedUser(5, users.get(5))));
            write(users.get(8), UserState.PREPARED);
            write(users.get(5), UserState.COMPLETED);
        }

        // when
        RunStatus.Counts first;
        try (RunCounts recounted = RunCounts.recount(store, run)) {
            first = recounted.snapshot();
        }
        RunStatus.Counts second;
        try (RunCounts again = RunCounts.recount(store, run)) {
            second = again.snapshot();
        }

        // then
        assertThat(first).isEqualTo(new RunStatus.Counts(10, 8, 6, 5, 1, 1))
                .isEqualTo(RunCounts.recountFromFiles(store, run).snapshot());
        assertThat(second).isEqualTo(first);
    }

    @Test
    void anIntentWhoseFileWasNeverWrittenCountsNothing() throws IOException {
        // given: killed after the intent, before the file
        try (RunCounts counts = RunCounts.fresh(store, run, users.size())) {
            workOn(counts);
            counts.intend(List.of(new ListedUser(9, users.get(9))));
        }

        // when, then
        try (RunCounts recounted = RunCounts.recount(store, run)) {
            assertThat(recounted.snapshot()).isEqualTo(AFTER_WORK);
        }
    }

    @Test
    void aRecordTornByAKillIsCutOffAndAppendingGoesOn() throws IOException {
        // given
        try (RunCounts counts = RunCounts.fresh(store, run, users.size())) {
            workOn(counts);
        }
        Path ledger = RunLedger.file(store, run);
        long whole = Files.size(ledger);
        Files.write(ledger, new byte[] {RunLedger.STATE, 0, 0}, StandardOpenOption.APPEND);

        // when: a recount, a move, another recount
        try (RunCounts recounted = RunCounts.recount(store, run)) {
            assertThat(Files.size(ledger)).isEqualTo(whole);
            move(recounted, 9, UserState.PREPARED);
        }
        try (RunCounts last = RunCounts.recount(store, run)) {

            // then
            assertThat(last.snapshot()).isEqualTo(new RunStatus.Counts(10, 8, 6, 4, 1, 1));
        }
    }

    @Test
    void aLedgerTheFilesContradictIsNotTrusted() throws IOException {
        // given: a settled user's results.json is gone (all ten fit into the random sample)
        try (RunCounts counts = RunCounts.fresh(store, run, users.size())) {
            workOn(counts);
        }
        Files.delete(store.resultsFile(users.get(2), run));

        // when
        try (RunCounts recounted = RunCounts.recount(store, run)) {

            // then: counted from the files
            assertThat(recounted.snapshot()).isEqualTo(new RunStatus.Counts(10, 7, 6, 3, 1, 1));
        }
    }

    @Test
    void aLedgerForAnotherUsersJsonIsNotTrusted() throws IOException {
        // given
        try (RunCounts counts = RunCounts.fresh(store, run, users.size())) {
            workOn(counts);
        }
        Files.setLastModifiedTime(store.usersFile(run), FileTime.fromMillis(0));
        write(users.get(9), UserState.PREPARED); // known to the files only

        // when, then: counted from the files
        try (RunCounts recounted = RunCounts.recount(store, run)) {
            assertThat(recounted.snapshot()).isEqualTo(new RunStatus.Counts(10, 8, 6, 4, 1, 1));
        }
    }

    @Test
    void withoutALedgerTheFilesAreCountedAndTheLedgerWritten() throws IOException {
        // given: files from before ledgers existed
        try (RunCounts counts = RunCounts.fresh(users.size())) {
            workOn(counts);
        }
        assertThat(RunLedger.file(store, run)).doesNotExist();

        // when
        try (RunCounts recounted = RunCounts.recount(store, run)) {

            // then
            assertThat(recounted.snapshot()).isEqualTo(AFTER_WORK);
        }
        assertThat(RunLedger.file(store, run)).exists();
        try (RunCounts fromLedger = RunCounts.recount(store, run)) {
            assertThat(fromLedger.snapshot()).isEqualTo(AFTER_WORK);
        }
    }

    @Test
    void aLongHistoryIsCompactedToOneRecordPerUserAndStillCounts() throws IOException {
        // given: 2,000 users each moved through three states, an intent and a state per move
        RunId big = store.allocateRun("CT", "DS70B", LocalDate.of(2024, 4, 8));
        List<UserId> many = IntStream.range(0, 2000).mapToObj(i -> UserId.of("m" + i, "test")).toList();
        UsersFile.write(store.usersFile(big), many.iterator());
        users = many;
        run = big;
        try (RunCounts counts = RunCounts.fresh(store, run, many.size())) {
            for (int position = 0; position < many.size(); position++) {
                move(counts, position, UserState.PREPARED);
                move(counts, position, UserState.SUBMITTED);
                move(counts, position, position % 2 == 0 ? UserState.COMPLETED : UserState.FAILED);
            }
        }
        long history = Files.size(RunLedger.file(store, run));

        // when
        try (RunCounts recounted = RunCounts.recount(store, run)) {
            move(recounted, 0, UserState.COMPLETED); // appending goes on after the rewrite
        }
        long compacted = Files.size(RunLedger.file(store, run));
        try (RunCounts again = RunCounts.recount(store, run)) {

            // then
            assertThat(compacted).isLessThan(history / 4);
            assertThat(again.snapshot()).isEqualTo(new RunStatus.Counts(2000, 2000, 2000, 1000, 1000, 0))
                    .isEqualTo(RunCounts.recountFromFiles(store, run).snapshot());
        }
    }

    @Test
    void garbageIsNotTrusted() throws IOException {
        // given
        try (RunCounts counts = RunCounts.fresh(store, run, users.size())) {
            workOn(counts);
        }
        Files.write(RunLedger.file(store, run), new byte[] {'X', 0, 0, 0, 1, 2}, StandardOpenOption.APPEND);
        write(users.get(9), UserState.PREPARED); // known to the files only

        // when, then: counted from the files
        try (RunCounts recounted = RunCounts.recount(store, run)) {
            assertThat(recounted.snapshot()).isEqualTo(new RunStatus.Counts(10, 8, 6, 4, 1, 1));
        }
    }
}
