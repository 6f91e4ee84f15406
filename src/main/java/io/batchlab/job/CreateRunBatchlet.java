package io.batchlab.job;

import io.batchlab.control.JobProperties;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunStatus;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Step {@code create-run}: with {@code runId}, checks that the run exists; with {@code config}, creates it —
 * see {@link RunCreator}. Either way its persistent user data is the run id, which later steps and restarts read.
 * If it fails (a config error, an unknown run), the reason becomes the step's and the job's exit status.
 */
@Named
@Dependent
public class CreateRunBatchlet extends AbstractBatchlet {

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    @Override
    public String process() throws Exception {
        try {
            return createOrOpen();
        } catch (IOException | RuntimeException e) {
            // No run (and no status.json) may exist yet: the exit status is the only place left for the reason.
            String exitStatus = "FAILED: " + JobProperties.CREATE_RUN_STEP + ": " + e.getMessage();
            stepContext.setExitStatus(exitStatus);
            jobContext.setExitStatus(exitStatus);
            throw e;
        }
    }

    private String createOrOpen() throws IOException {
        Properties properties = jobContext.getProperties();
        ExperimentStore store = RunContexts.store(properties);
        String named = properties.getProperty(JobProperties.RUN_ID);
        RunContext context;
        if (named != null && !named.isBlank()) {
            // the context the job listener opened (and leased) for this execution
            context = RunContexts.of(jobContext);
        } else {
            String config = properties.getProperty(JobProperties.CONFIG);
            if (config == null || config.isBlank()) {
                throw new IllegalArgumentException("start the experiment job with runId=RUN_ID or config=PATH");
            }
            context = RunCreator.createContext(store, Path.of(config.trim()),
                    properties.getProperty(JobProperties.USERS), provider -> provider);
            RunContexts.created(jobContext, context);
        }
        context.lease(jobContext.getExecutionId());
        stepContext.setPersistentUserData(context.runId().toString());
        context.updateStatus(status -> status
                .withState(RunStatus.State.RUNNING)
                .withJobExecutionId(jobContext.getExecutionId()));
        return "CREATED";
    }
}
