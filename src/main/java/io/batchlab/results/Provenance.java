package io.batchlab.results;

import io.batchlab.store.ConfigDigest;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import java.io.IOException;

/**
 * Where a run's answers come from, as every results.json records it.
 *
 * @param model          the configured model id ({@code model.id} of the run's config.yaml)
 * @param configSha256   the sha256 of the run's config.yaml as written ({@link ConfigDigest})
 * @param recordKeyField the config's {@code input.record_key}, or {@code null} when records are known by position
 */
public record Provenance(String model, String configSha256, String recordKeyField) {

    /** Read from the run's config.yaml, once per run and job execution (it does not change). */
    public static Provenance of(ExperimentStore store, RunId run) throws IOException {
        RunFacts facts = RunFacts.read(store.configFile(run));
        return new Provenance(facts.modelId(), ConfigDigest.sha256(store, run), facts.recordKeyField());
    }
}
