package io.batchlab.bench;

import io.batchlab.emulator.GroqEmulator;
import io.batchlab.job.RunCreator;
import io.batchlab.store.AtomicFiles;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import io.batchlab.store.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * P1: the job's prepare step ({@code submit=false}: read users, build requests, write batch.jsonl) against a bare
 * loop with as many threads as the job has partitions, writing the same bytes to the same layout the same crash-safe
 * way ({@link AtomicFiles}: temp file, fsync, rename, directory fsync). The loop is the limit the job can approach.
 */
final class PrepareBench {

    private PrepareBench() {
    }

    /** Users per second of the job's prepare step and of the bare loop, over the same users and bytes. */
    record Result(RunId run, double jobUsersPerSecond, double loopUsersPerSecond) {

        double ratio() {
            return jobUsersPerSecond / loopUsersPerSecond;
        }
    }

    /** Chunk size of prepare-only runs, as BENCHMARKS.md's figures were taken. */
    static final String PREPARE_CHUNK_SIZE = "100";

    static Result once(ExperimentStore store, GroqEmulator emulator, SyntheticCohort cohort, int partitions,
                       Map<String, String> jobParameters, Path loopRoot) throws IOException, InterruptedException {
        RunId runId = RunCreator.create(store, cohort.config(), null, p -> p.withBaseUrl(emulator.baseUri()));
        Map<String, String> parameters = new HashMap<>(jobParameters);
        parameters.put("submit", "false");
        // Preparing only, a chunk is milliseconds of work: checkpoint per 100 users (batch-jobs/README.md).
        parameters.putIfAbsent("chunkSize", PREPARE_CHUNK_SIZE);
        parameters.put("partitions", Integer.toString(partitions));
        BenchJob.Execution execution = BenchJob.run(store, runId, parameters);
        Duration job = execution.prepareStep();

        List<UserId> users = users(store, runId);
        if (users.size() != cohort.users()) {
            throw new IllegalStateException("run " + runId + " has " + users.size() + " users, expected "
                    + cohort.users());
        }
        List<byte[]> contents = new ArrayList<>(users.size());
        for (UserId user : users) {
            contents.add(Files.readAllBytes(store.batchFile(user, runId)));
        }
        Duration loop = bareLoop(loopRoot.resolve(runId.toString()), runId, users, contents, partitions);
        return new Result(runId, perSecond(users.size(), job), perSecond(users.size(), loop));
    }

    static List<UserId> users(ExperimentStore store, RunId run) throws IOException {
        List<UserId> users = new ArrayList<>();
        try (UsersFile.Cursor cursor = UsersFile.open(store.usersFile(run))) {
            while (cursor.hasNext()) {
                users.add(cursor.next());
            }
        }
        return users;
    }

    private static Duration bareLoop(Path root, RunId run, List<UserId> users, List<byte[]> contents, int threads)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < users.size(); i += threads) {
                        Path dir = Files.createDirectories(root.resolve("users").resolve(users.get(i).value())
                                .resolve(run.toString()));
                        byte[] bytes = contents.get(i);
                        AtomicFiles.write(dir.resolve("batch.jsonl"), out -> out.write(bytes));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the bare loop failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    static double perSecond(long count, Duration elapsed) {
        return count / (elapsed.toNanos() / 1e9);
    }
}
