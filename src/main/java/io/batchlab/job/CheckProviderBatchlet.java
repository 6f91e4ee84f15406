package io.batchlab.job;

import io.batchlab.provider.Model;
import io.batchlab.provider.ProviderException;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * Step {@code check-provider}, run again on every restart: one call to the provider's model list before any user is
 * submitted. A bad key or a model the provider does not offer (retired, misspelled) fails the job here, with the
 * provider's words, instead of after thousands of uploads.
 */
@Named
@Dependent
public class CheckProviderBatchlet extends AbstractBatchlet {

    @Inject
    JobContext jobContext;

    @Override
    public String process() {
        RunContext run = RunContexts.of(jobContext);
        String modelId = run.config().model().id();
        try {
            List<String> offered = run.client().listModels().stream().map(Model::id).sorted().toList();
            if (!offered.contains(modelId)) {
                throw new RunDoomedException("the provider at " + run.config().provider().baseUrl()
                        + " does not offer model '" + modelId + "' (model.id in config.yaml); it offers: "
                        + String.join(", ", offered), null);
            }
            return "CHECKED";
        } catch (ProviderException e) {
            RuntimeException failure = e.dooms()
                    ? new RunDoomedException("the provider refused the run: " + e.getMessage(), e) : e;
            RunFailures.record(run, "check-provider", failure);
            throw failure;
        } catch (RunDoomedException e) {
            RunFailures.record(run, "check-provider", e);
            throw e;
        }
    }
}
