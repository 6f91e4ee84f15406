package io.batchlab.cli;

import java.util.Properties;

/** Optional job parameters the CLI passes through (see batch-jobs/README.md). */
final class JobOptions {

    private JobOptions() {
    }

    static Properties of(Integer partitions, String pollInterval) {
        Properties parameters = new Properties();
        if (partitions != null) {
            if (partitions < 1) {
                throw new CliException("--partitions must be at least 1, got " + partitions);
            }
            parameters.setProperty("partitions", partitions.toString());
        }
        if (pollInterval != null) {
            parameters.setProperty("pollInterval", pollInterval);
        }
        return parameters;
    }
}
