package io.batchlab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentStoreTest {

    private static final LocalDate DAY = LocalDate.of(2024, 4, 8);

    @TempDir
    Path root;

    @Test
    void openCreatesBothViews() throws IOException {
        // when
        ExperimentStore store = ExperimentStore.open(root.resolve("experiments"));

        // then
        assertThat(store.root()).isEqualTo(root.resolve("experiments"));
        assertThat(root.resolve("experiments/runs")).isDirectory();
        assertThat(root.resolve("experiments/users")).isDirectory();
    }

    @Test
    void runFilesFollowTheRunView() throws IOException {
        // given
        ExperimentStore store = ExperimentStore.open(root);
        RunId run = RunId.parse("20240408_CT_DS70B_001");

        // then
        assertThat(store.runDir(run)).isEqualTo(root.resolve("runs/20240408_CT_DS70B_001"));
        assertThat(store.configFile(run)).isEqualTo(root.resolve("runs/20240408_CT_DS70B_001/config.yaml"));
        assertThat(store.usersFile(run)).isEqualTo(root.resolve("runs/20240408_CT_DS70B_001/users.json"));
        assertThat(store.statusFile(run)).isEqualTo(root.resolve("runs/20240408_CT_DS70B_001/status.json"));
    }

    @Test
    void userFilesFollowTheUserViewAndOnlyUserRunDirCreatesTheDirectory() throws IOException {
        // given
        ExperimentStore store = ExperimentStore.open(root);
        RunId run = RunId.parse("20240408_CT_DS70B_001");
        UserId user = UserId.of("31499533", "test");
        Path expectedDir = root.resolve("users/31499533/20240408_CT_DS70B_001");

        // when
        Path batch = store.batchFile(user, run);
        Path upload = store.uploadFile(user, run);
        Path results = store.resultsFile(user, run);

        // then
        assertThat(batch).isEqualTo(expectedDir.resolve("batch.jsonl"));
        assertThat(upload).isEqualTo(expectedDir.resolve("upload.json"));
        assertThat(results).isEqualTo(expectedDir.resolve("results.json"));
        assertThat(expectedDir).doesNotExist();
        assertThat(store.userRunDir(user, run)).isEqualTo(expectedDir).isDirectory();
        assertThat(batch).doesNotExist();
    }

    @Test
    void workDirIsCreatedOnDemandOutsideBothViews() throws IOException {
        // given
        ExperimentStore store = ExperimentStore.open(root);
        assertThat(root.resolve(".batchlab")).doesNotExist();

        // when
        Path work = store.workDir();

        // then
        assertThat(work).isEqualTo(root.resolve(".batchlab")).isDirectory();
    }

    @Test
    void pathsThatWouldLeaveTheRootAreRefused() throws IOException {
        // given
        ExperimentStore store = ExperimentStore.open(root.resolve("experiments"));

        // then
        assertThatThrownBy(() -> store.underRoot(root.resolve("experiments/users/../../elsewhere")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the experiments root");
        assertThatThrownBy(() -> store.underRoot(root.resolve("experiments/runs/..")))
                .hasMessageContaining("outside the experiments root");
        assertThat(store.underRoot(root.resolve("experiments/runs/x/../y")))
                .isEqualTo(root.resolve("experiments/runs/y"));
    }

    @Test
    void allocationCountsUpFromOnePerDateTypeAndModel() throws IOException {
        // given
        ExperimentStore store = ExperimentStore.open(root);

        // when
        RunId first = store.allocateRun("CT", "DS70B", DAY);
        RunId second = store.allocateRun("CT", "DS70B", DAY);
        RunId otherType = store.allocateRun("OT", "DS70B", DAY);
        RunId otherModel = store.allocateRun("CT", "L70B", DAY);
        RunId otherDay = store.allocateRun("CT", "DS70B", DAY.plusDays(1));

        // then
        assertThat(List.of(first, second, otherType, otherModel, otherDay)).extracting(RunId::toString)
                .containsExactly("20240408_CT_DS70B_001", "20240408_CT_DS70B_002", "20240408_OT_DS70B_001",
                        "20240408_CT_L70B_001", "20240409_CT_DS70B_001");
        assertThat(store.runDir(second)).isDirectory();
        assertThat(store.exists(second)).isTrue();
        assertThat(store.exists(second.withSequence(3))).isFalse();
    }

    @Test
    void allocationClaimsTheLowestFreeSequence() throws IOException {
        // given
        ExperimentStore store = ExperimentStore.open(root);
        Files.createDirectories(root.resolve("runs/20240408_CT_DS70B_001"));
        Files.createDirectories(root.resolve("runs/20240408_CT_DS70B_003"));

        // when
        RunId gap = store.allocateRun("CT", "DS70B", DAY);
        RunId after = store.allocateRun("CT", "DS70B", DAY);

        // then
        assertThat(gap).hasToString("20240408_CT_DS70B_002");
        assertThat(after).hasToString("20240408_CT_DS70B_004");
    }

    @Test
    void allocationRejectsInvalidCodesBeforeTouchingTheDisk() throws IOException {
        // given
        ExperimentStore store = ExperimentStore.open(root);

        // then
        assertThatThrownBy(() -> store.allocateRun("ct", "DS70B", DAY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("experiment type 'ct'");
        assertThatThrownBy(() -> store.allocateRun("CT", "../x", DAY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model code '../x'");
        assertThat(store.runs()).isEmpty();
    }

    @Test
    void theThousandthAllocationFailsClearlyInsteadOfWidening() throws IOException {
        // given
        ExperimentStore store = ExperimentStore.open(root);
        for (int i = 1; i <= 999; i++) {
            assertThat(store.allocateRun("CT", "DS70B", DAY).sequence()).isEqualTo(i);
        }

        // when / then
        assertThatThrownBy(() -> store.allocateRun("CT", "DS70B", DAY))
                .isInstanceOf(RunSequenceExhaustedException.class)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no free run id for 20240408_CT_DS70B")
                .hasMessageContaining("001-999 are all taken")
                .hasMessageContaining("use another date, experiment type or model code");
        assertThat(store.runs()).hasSize(999);
        assertThat(store.allocateRun("CT", "DS70B", DAY.plusDays(1))).hasToString("20240409_CT_DS70B_001");
    }

    @Test
    void fiftyConcurrentThreadsGetFiftyDistinctIds() throws Exception {
        // given
        ExperimentStore store = ExperimentStore.open(root);
        int threads = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<RunId>> claims = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Callable<RunId> claim = () -> {
                    start.await();
                    return store.allocateRun("CT", "DS70B", DAY);
                };
                claims.add(pool.submit(claim));
            }

            // when
            start.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<RunId> claim : claims) {
                ids.add(claim.get().toString());
            }

            // then
            assertThat(ids).doesNotHaveDuplicates().hasSize(threads);
            assertThat(ids).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, threads)
                    .mapToObj(i -> String.format("20240408_CT_DS70B_%03d", i)).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runsListsRunDirectoriesInChronologicalOrderIgnoringOthers() throws IOException {
        // given
        ExperimentStore store = ExperimentStore.open(root);
        RunId later = store.allocateRun("CT", "DS70B", DAY.plusDays(30));
        RunId earlier = store.allocateRun("OT", "L70B", DAY);
        RunId earlierSecond = store.allocateRun("OT", "L70B", DAY);
        Files.createDirectories(root.resolve("runs/not-a-run"));
        Files.writeString(root.resolve("runs/20240101_CT_X_001"), "a file, not a run");

        // when
        List<RunId> runs = store.runs();

        // then
        assertThat(runs).containsExactly(earlier, earlierSecond, later);
    }

    @Test
    void runsOfListsOnlyTheRunsWithADirectoryForThatUser() throws IOException {
        // given
        ExperimentStore store = ExperimentStore.open(root);
        RunId first = store.allocateRun("CT", "DS70B", DAY);
        RunId second = store.allocateRun("CT", "DS70B", DAY);
        RunId third = store.allocateRun("OT", "DS70B", DAY);
        UserId alice = UserId.of("31499533", "test");
        UserId bob = UserId.of("31499534", "test");
        store.userRunDir(alice, third);
        store.userRunDir(alice, first);
        store.userRunDir(bob, second);

        // then
        assertThat(store.runsOf(alice)).containsExactly(first, third);
        assertThat(store.runsOf(bob)).containsExactly(second);
        assertThat(store.runsOf(UserId.of("nobody", "test"))).isEmpty();
    }

    @Test
    void legacyDirectoriesAreWarnedAboutOncePerRootAndNeverCreated() throws IOException {
        // given
        Path legacyRoot = root.resolve("legacy");
        Path cleanRoot = root.resolve("clean");
        Files.createDirectories(legacyRoot.resolve("batch_files"));
        Files.createDirectories(legacyRoot.resolve("results"));
        List<LogRecord> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(ExperimentStore.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            // when
            ExperimentStore.open(legacyRoot);
            ExperimentStore.open(legacyRoot);
            ExperimentStore.open(legacyRoot.resolve("runs/.."));
            ExperimentStore.open(cleanRoot);

            // then
            assertThat(warnings).hasSize(1);
            String message = warnings.get(0).getMessage();
            assertThat(message).contains("batch_files", "results", legacyRoot.toString(),
                    "runs/RUN_ID/{config.yaml, users.json, status.json}",
                    "users/USER_ID/RUN_ID/{batch.jsonl, upload.json, results.json}");
            assertThat(cleanRoot.resolve("batch_files")).doesNotExist();
            assertThat(cleanRoot.resolve("results")).doesNotExist();
            assertThat(legacyRoot.resolve("batch_files")).isEmptyDirectory();
        } finally {
            logger.removeHandler(capture);
        }
    }
}
