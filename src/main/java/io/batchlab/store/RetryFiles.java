package io.batchlab.store;

import java.nio.file.Path;

/**
 * Where a run's retries keep their own files: under the experiments root's hidden work directory, so a user's
 * directory keeps exactly the seed's names (batch.jsonl, upload.json, results.json).
 * <ul>
 *   <li>{@code .batchlab/retries/RUN_ID/USER_ID/retry-N.jsonl}: the lines of batch.jsonl that attempt N asks again,
 *       verbatim and in batch.jsonl's order. Written before anything is uploaded: its existence is the intent that
 *       tells a restart to ask the provider before uploading again.</li>
 *   <li>{@code .batchlab/retries/RUN_ID/users.txt}: the users the current retry is limited to (one id per line);
 *       absent when it takes every user of the run.</li>
 * </ul>
 */
public final class RetryFiles {

    private RetryFiles() {
    }

    public static Path runDir(ExperimentStore store, RunId run) {
        return store.workDir().resolve("retries").resolve(run.toString());
    }

    public static Path input(ExperimentStore store, RunId run, UserId user, int attempt) {
        return runDir(store, run).resolve(user.value()).resolve("retry-" + attempt + ".jsonl");
    }

    public static Path selection(ExperimentStore store, RunId run) {
        return runDir(store, run).resolve("users.txt");
    }
}
