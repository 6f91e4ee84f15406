package io.batchlab.emulator;

import java.util.Map;

/**
 * A snapshot of what the emulator was asked.
 *
 * @param perEndpoint       calls per route template, e.g. {@code "POST /files"}, {@code "GET /batches/{id}"}
 * @param uploadsPerRunUser stored uploads per {@code "RUN_ID/USER_ID"} read from the file name
 *                          {@code batchlab_RUN_ID_USER_ID.jsonl} (a packed batch's {@code batchlab_RUN_ID_pack-N.jsonl}
 *                          counts under {@code "RUN_ID/pack-N"})
 * @param batchesPerRunUser created batches per {@code "RUN_ID/USER_ID"} read from the metadata {@code run_id},
 *                          {@code user_id} (or {@code pack})
 * @param requestsPerCustomId request lines received in created batches per {@code "RUN_ID/USER_ID/CUSTOM_ID"} (metadata
 *                          and line), so a test can tell exactly which requests were asked how often
 * @param totalCalls        all calls under {@code /openai/v1}, including those answered with an injected fault
 * @param rateLimitedCalls  calls answered 429, over the rate limit or by the injected share
 */
public record EmulatorCounts(Map<String, Long> perEndpoint, Map<String, Long> uploadsPerRunUser,
        Map<String, Long> batchesPerRunUser, Map<String, Long> requestsPerCustomId, long totalCalls,
        long rateLimitedCalls) {

    public EmulatorCounts {
        perEndpoint = Map.copyOf(perEndpoint);
        uploadsPerRunUser = Map.copyOf(uploadsPerRunUser);
        batchesPerRunUser = Map.copyOf(batchesPerRunUser);
        requestsPerCustomId = Map.copyOf(requestsPerCustomId);
    }

    /** How often the request {@code customId} of the run's user was received in a created batch, 0 when never. */
    public long requestsReceived(String runId, String userId, String customId) {
        return requestsPerCustomId.getOrDefault(runId + "/" + userId + "/" + customId, 0L);
    }

    /** Calls of one endpoint, 0 when never called. */
    public long calls(String endpoint) {
        return perEndpoint.getOrDefault(endpoint, 0L);
    }
}
