package io.batchlab.cli;

import io.batchlab.config.DurationText;
import java.util.Properties;

/** Optional job parameters the CLI passes through (see batch-jobs/README.md). */
final class JobOptions {

    private JobOptions() {
    }

    static Properties of(Integer partitions, String pollInterval) {
        return of(partitions, pollInterval, null);
    }

    static Properties of(Integer partitions, String pollInterval, String collectDeadline) {
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
        if (collectDeadline != null) {
            if (DurationText.parse(collectDeadline.trim()).isEmpty()) {
                throw new CliException("--collect-deadline must be a duration such as 30m, 6h or 2d, got '"
                        + collectDeadline + "'");
            }
            parameters.setProperty("collectDeadline", collectDeadline.trim());
        }
        return parameters;
    }
}
