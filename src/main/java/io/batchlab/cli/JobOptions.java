package io.batchlab.cli;

import io.batchlab.config.CostAmount;
import io.batchlab.control.JobProperties;
import io.batchlab.window.DurationText;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The job parameters a user may tune from the CLI (see batch-jobs/README.md); a picocli mixin. */
final class JobOptions {

    @Option(names = "--partitions", paramLabel = "N",
            description = "Parallel partitions for prepare-and-submit (default: provider.max_concurrency).")
    Integer partitions;

    @Option(names = "--poll-interval", paramLabel = "DURATION",
            description = "How often to poll the provider while collecting, e.g. 30s (default: provider.poll_interval).")
    String pollInterval;

    static JobOptions of(Integer partitions, String pollInterval) {
        JobOptions options = new JobOptions();
        options.partitions = partitions;
        options.pollInterval = pollInterval;
        return options;
    }

    Properties toParameters() {
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

    /** {@code --max-cost} of restart: the cost cap of this execution, in USD. */
    static void addMaxCost(Properties parameters, String maxCost) {
        if (maxCost == null) {
            return;
        }
        try {
            parameters.setProperty(JobProperties.MAX_COST, CostAmount.parse(maxCost).toPlainString());
        } catch (IllegalArgumentException e) {
            throw new CliException("--max-cost: " + e.getMessage());
        }
    }

    /** {@code --collect-deadline} of restart/collect: how long collecting may wait in this execution. */
    static void addCollectDeadline(Properties parameters, String collectDeadline) {
        if (collectDeadline == null) {
            return;
        }
        if (DurationText.parse(collectDeadline.trim()).isEmpty()) {
            throw new CliException("--collect-deadline must be a duration such as 30m, 6h or 2d, got '"
                    + collectDeadline + "'");
        }
        parameters.setProperty("collectDeadline", collectDeadline.trim());
    }
}
