package io.batchlab.server;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The only step of the test job {@code smoke-job}: makes the job's exit status echo its {@code greeting} parameter. */
@Named
@Dependent
public class SmokeBatchlet extends AbstractBatchlet {

    @Inject
    @BatchProperty
    String greeting;

    @Inject
    JobContext jobContext;

    @Override
    public String process() {
        String exitStatus = exitStatusFor(greeting);
        jobContext.setExitStatus(exitStatus);
        return exitStatus;
    }

    static String exitStatusFor(String greeting) {
        return "GREETED " + greeting;
    }
}
