package io.batchlab.server;

/** Body of {@code PUT /api/runs/{runId}/window}: the window expression, e.g. {@code 0 22 * * MON-FRI for 8h}. */
public record WindowChange(String window) {
}
