package io.batchlab.job;

import io.batchlab.config.ExperimentConfig;
import io.batchlab.input.UserRecords;
import io.batchlab.provider.BatchClient;
import io.batchlab.provider.ProviderSettings;
import io.batchlab.request.UserRequestBuilder;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatusStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * One run as a job execution sees it: its id, resolved configuration and tree, plus the heavy resources all
 * partitions share (the input index, the request builder, one provider client whose rate limit spans the run, the
 * hand-off of created batches to collect-results).
 */
public final class RunContext implements AutoCloseable {

    private final RunId runId;
    private final ExperimentConfig config;
    private final ExperimentStore store;
    private final RunStatusStore statuses;
    private final Submissions submissions = new Submissions();
    private UserRecords records;
    private UserRequestBuilder requests;
    private BatchClient client;

    public RunContext(RunId runId, ExperimentConfig config, ExperimentStore store, RunStatusStore statuses) {
        this.runId = runId;
        this.config = config;
        this.store = store;
        this.statuses = statuses;
    }

    public RunId runId() {
        return runId;
    }

    public ExperimentConfig config() {
        return config;
    }

    public ExperimentStore store() {
        return store;
    }

    public RunStatusStore statuses() {
        return statuses;
    }

    /** The hand-off from prepare-and-submit to collect-results in this job execution. */
    Submissions submissions() {
        return submissions;
    }

    public synchronized UserRecords records() {
        if (records == null) {
            try {
                records = UserRecords.open(config.input(), store.workDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the input " + config.input().path() + ": "
                        + e.getMessage(), e);
            }
        }
        return records;
    }

    public synchronized UserRequestBuilder requests() {
        if (requests == null) {
            requests = new UserRequestBuilder(config);
        }
        return requests;
    }

    public synchronized BatchClient client() {
        if (client == null) {
            var provider = config.provider();
            // The run's config.yaml says where and how fast; MP Config supplies the key (never the config file).
            ProviderSettings configured = ProviderSettings.fromConfig(ConfigProvider.getConfig());
            ProviderSettings settings = configured
                    .withEndpoint(provider.baseUrl(), configured.apiKey())
                    .withPacing(provider.requestsPerSecond(), provider.maxConcurrency());
            client = BatchClient.create(settings);
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        if (records != null) {
            try {
                records.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
