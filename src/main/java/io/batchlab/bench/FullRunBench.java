package io.batchlab.bench;

import io.batchlab.emulator.EmulatorCounts;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.job.RunCreator;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.UserId;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One full run of the job (create, check, prepare and submit while collecting) against an emulator with latency, a
 * rate limit and batches that finish spread out. Yields P2 (calls per user), P3 (provider throughput while submitting,
 * 429s), P6 (completion to results.json) and the end-to-end wall time.
 */
final class FullRunBench {

    private FullRunBench() {
    }

    /**
     * @param perEndpoint      calls per endpoint, as the emulator counted them (429s included)
     * @param whileSubmitting  the emulator's counts when prepare-and-submit ended
     * @param submitted        uploads stored plus batches created
     * @param submitStep       how long prepare-and-submit took
     * @param wall             from creating the run to the job's end
     * @param delays           seconds from each batch's completion to its results.json
     */
    record Result(RunId run, long users, Map<String, Long> perEndpoint, long totalCalls, EmulatorCounts whileSubmitting,
                  long submitted, Duration submitStep, Duration wall, List<Double> delays) {

        long deletes() {
            return perEndpoint.entrySet().stream().filter(e -> e.getKey().startsWith("DELETE"))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        double callsPerUser() {
            return (double) (totalCalls - deletes()) / users;
        }

        /** Every call the emulator served (not 429) while the job submitted: uploads, creates, polls, downloads. */
        double acceptedRate() {
            return (whileSubmitting.totalCalls() - whileSubmitting.rateLimitedCalls()) / seconds(submitStep);
        }

        /** Uploads stored plus batches created, per second of submitting. */
        double submissionRate() {
            return submitted / seconds(submitStep);
        }

        double rejectedShare() {
            return (double) whileSubmitting.rateLimitedCalls() / whileSubmitting.totalCalls();
        }

        private static double seconds(Duration duration) {
            return duration.toNanos() / 1e9;
        }
    }

    static Result once(ExperimentStore store, GroqEmulator emulator, SyntheticCohort cohort, int partitions,
                       Duration pollInterval) throws IOException, InterruptedException {
        Instant start = Instant.now();
        RunId runId = RunCreator.create(store, cohort.config(), null, p -> p.withBaseUrl(emulator.baseUri()));
        AtomicReference<EmulatorCounts> whileSubmitting = new AtomicReference<>();
        BenchJob.Execution execution = BenchJob.run(store, runId, Map.of(
                "partitions", Integer.toString(partitions),
                "pollInterval", pollInterval.toMillis() + "ms"), () -> whileSubmitting.set(emulator.counts()));
        Duration wall = Duration.between(start, execution.observedEnd());
        EmulatorCounts counts = emulator.counts();
        long submitted = counts.uploadsPerRunUser().values().stream().mapToLong(Long::longValue).sum()
                + counts.batchesPerRunUser().values().stream().mapToLong(Long::longValue).sum();

        List<Double> delays = new ArrayList<>();
        List<UserId> users = PrepareBench.users(store, runId);
        for (UserId user : users) {
            Optional<Instant> completed = emulator.completionTime(batchId(store.uploadFile(user, runId)));
            Path results = store.resultsFile(user, runId);
            if (completed.isEmpty() || !Files.exists(results)) {
                throw new IllegalStateException("user " + user + " of run " + runId
                        + " has no completed batch or no results.json");
            }
            Instant written = Files.getLastModifiedTime(results).toInstant();
            delays.add(Duration.between(completed.get(), written).toNanos() / 1e9);
        }
        return new Result(runId, users.size(), counts.perEndpoint(), counts.totalCalls(), whileSubmitting.get(),
                submitted, execution.prepareStep(), wall, delays);
    }

    private static String batchId(Path uploadFile) throws IOException {
        try (InputStream in = Files.newInputStream(uploadFile); JsonReader reader = Json.createReader(in)) {
            return reader.readObject().getJsonObject("batch").getString("id");
        }
    }
}
