package io.batchlab.emulator;

import java.util.Map;

/**
 * A snapshot of what the emulator was asked.
 *
 * @param perEndpoint       calls per route template, e.g. {@code "POST /files"}, {@code "GET /batches/{id}"}
 * @param uploadsPerRunUser stored uploads per {@code "RUN_ID/USER_ID"} read from the file name
 *                          {@code batchlab_RUN_ID_USER_ID.jsonl}
 * @param batchesPerRunUser created batches per {@code "RUN_ID/USER_ID"} read from the metadata {@code run_id}, {@code user_id}
 * @param totalCalls        all calls under {@code /openai/v1}, including those answered with an injected fault
 * @param rateLimitedCalls  calls answered 429, over the rate limit or by the injected share
 */
public record EmulatorCounts(Map<String, Long> perEndpoint, Map<String, Long> uploadsPerRunUser,
        Map<String, Long> batchesPerRunUser, long totalCalls, long rateLimitedCalls) {

    public EmulatorCounts {
        perEndpoint = Map.copyOf(perEndpoint);
        uploadsPerRunUser = Map.copyOf(uploadsPerRunUser);
        batchesPerRunUser = Map.copyOf(batchesPerRunUser);
    }

    /** Calls of one endpoint, 0 when never called. */
    public long calls(String endpoint) {
        return perEndpoint.getOrDefault(endpoint, 0L);
    }
}
