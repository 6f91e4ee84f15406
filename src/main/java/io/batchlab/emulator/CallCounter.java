package io.batchlab.emulator;

import io.batchlab.store.RunId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts calls per endpoint, uploads and batch creations per run and user. */
final class CallCounter {

    private static final String UPLOAD_PREFIX = "batchlab_";
    private static final String UPLOAD_SUFFIX = ".jsonl";

    private final Map<String, Long> perEndpoint = new ConcurrentHashMap<>();
    private final Map<String, Long> uploadsPerRunUser = new ConcurrentHashMap<>();
    private final Map<String, Long> batchesPerRunUser = new ConcurrentHashMap<>();
    private final Map<String, Long> requestsPerCustomId = new ConcurrentHashMap<>();
    private final AtomicLong totalCalls = new AtomicLong();
    private final AtomicLong rateLimitedCalls = new AtomicLong();

    void call(String endpoint) {
        perEndpoint.merge(endpoint, 1L, Long::sum);
        totalCalls.incrementAndGet();
    }

    void rateLimited() {
        rateLimitedCalls.incrementAndGet();
    }

    /** Counts an upload named {@code batchlab_RUN_ID_USER_ID.jsonl}; other names are not counted per run. */
    void upload(String filename) {
        runUserOfFilename(filename).ifPresent(key -> uploadsPerRunUser.merge(key, 1L, Long::sum));
    }

    void batchCreated(String runId, String userId) {
        if (runId != null && userId != null) {
            batchesPerRunUser.merge(runId + "/" + userId, 1L, Long::sum);
        }
    }

    /** Counts each request line of a created batch under "RUN_ID/USER_ID/CUSTOM_ID" (or "RUN_ID/PACK/CUSTOM_ID"). */
    void requestsReceived(String runId, String userId, Iterable<String> customIds) {
        if (runId != null && userId != null) {
            for (String customId : customIds) {
                requestsPerCustomId.merge(runId + "/" + userId + "/" + customId, 1L, Long::sum);
            }
        }
    }

    EmulatorCounts snapshot() {
        return new EmulatorCounts(perEndpoint, uploadsPerRunUser, batchesPerRunUser, requestsPerCustomId,
                totalCalls.get(), rateLimitedCalls.get());
    }

    void reset() {
        perEndpoint.clear();
        uploadsPerRunUser.clear();
        batchesPerRunUser.clear();
        requestsPerCustomId.clear();
        totalCalls.set(0);
        rateLimitedCalls.set(0);
    }

    /**
     * "RUN_ID/USER_ID" of {@code batchlab_YYYYMMDD_TYPE_MODEL_NNN_USER.jsonl} or of a retry's
     * {@code batchlab_…_USER.retry-N.jsonl}: the run id has four parts, the user id may hold underscores (not dots).
     */
    static Optional<String> runUserOfFilename(String filename) {
        if (filename == null || !filename.startsWith(UPLOAD_PREFIX) || !filename.endsWith(UPLOAD_SUFFIX)) {
            return Optional.empty();
        }
        String stem = filename.substring(UPLOAD_PREFIX.length(), filename.length() - UPLOAD_SUFFIX.length());
        stem = stem.replaceFirst("\\.retry-[0-9]+$", "");
        String[] parts = stem.split("_", 5);
        if (parts.length < 5 || parts[4].isEmpty()) {
            return Optional.empty();
        }
        String runId = String.join("_", parts[0], parts[1], parts[2], parts[3]);
        try {
            RunId.parse(runId);
        } catch (IllegalArgumentException notARunId) {
            return Optional.empty();
        }
        return Optional.of(runId + "/" + parts[4]);
    }
}
