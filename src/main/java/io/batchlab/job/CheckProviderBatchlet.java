package io.batchlab.job;

import io.batchlab.provider.Model;
import io.batchlab.provider.ProviderException;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * Step {@code check-provider}, run again on every restart: one call to the provider's model list before any user is
 * submitted. A bad key or a model the provider does not offer (retired, misspelled) fails the job here, with the
 * provider's words, instead of after thousands of uploads. The reason also becomes the step's and the job's exit
 * status, so operators that see only the job repository read it too.
 */
@Named
@Dependent
public class CheckProviderBatchlet extends AbstractBatchlet {

    private static final String STEP = "check-provider";

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    @Override
    public String process() {
        RunContext run = RunContexts.of(jobContext);
        String modelId = run.config().model().id();
        List<String> offered;
        try {
            offered = run.client().listModels().stream().map(Model::id).sorted().toList();
        } catch (ProviderException e) {
            throw failed(run, e.dooms() ? new RunDoomedException("the provider refused the run: " + e.getMessage(), e) : e);
        }
        if (!offered.contains(modelId)) {
            // Groq lists only the models it serves: a retired model is simply absent, like a misspelled one.
            throw failed(run, new RunDoomedException("the provider at " + run.config().provider().baseUrl()
                    + " does not offer model '" + modelId + "' (model.id in " + run.store().configFile(run.runId())
                    + "): it is retired (see https://console.groq.com/docs/deprecations) or misspelled; it offers: "
                    + String.join(", ", offered), null));
        }
        return "CHECKED";
    }

    private RuntimeException failed(RunContext run, RuntimeException failure) {
        RunFailures.record(run, STEP, failure);
        String exitStatus = "FAILED: " + STEP + ": " + failure.getMessage();
        stepContext.setExitStatus(exitStatus);
        jobContext.setExitStatus(exitStatus);
        return failure;
    }
}
