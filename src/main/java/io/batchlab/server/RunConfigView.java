package io.batchlab.server;

/** A run's config.yaml as recorded, for the dashboard. */
public record RunConfigView(String runId, String configYaml) {
}
