package io.batchlab.job;

import io.batchlab.control.JobProperties;
import io.batchlab.store.RunStatus;
import io.batchlab.window.BatchWindow;
import io.batchlab.window.InvalidWindowException;
import io.batchlab.window.RunWindows;
import io.batchlab.window.WindowSetting;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Step {@code window-gate}: a run with a window works only inside it, whichever face started the job (console,
 * jboss-cli, JMX, REST, CLI). The window is the job parameter {@code window}, else the one recorded with the run, else
 * its config.yaml's, else MicroProfile Config {@code batchlab.window}. Outside it the job ends at once as STOPPED
 * ({@value #CLOSED}) with status.json QUEUED (nobody prepared yet) or WAITING and {@code next_window}, the window
 * recorded with the run; a window scheduler (the server's, or {@code batchlab run --window}) restarts it at the
 * opening, here (with {@code windowScheduled}, which lets it through).
 */
@Named
@Dependent
public class WindowGateBatchlet extends AbstractBatchlet {

    static final String CLOSED = "WINDOW_CLOSED";
    private static final String STEP = "window-gate";

    @Inject
    JobContext jobContext;

    @Override
    public String process() throws Exception {
        if (Boolean.parseBoolean(jobContext.getProperties().getProperty(JobProperties.WINDOW_SCHEDULED))) {
            return "OPEN";
        }
        RunContext run = RunContexts.of(jobContext);
        ZoneId zone = run.config().experiment().timeZone();
        Optional<BatchWindow> window;
        try {
            window = windowOf(run, zone);
        } catch (InvalidWindowException e) {
            RunFailures.record(run, STEP, e);
            jobContext.setExitStatus("FAILED: " + STEP + ": " + e.getMessage());
            throw e;
        }
        ZonedDateTime now = ZonedDateTime.now(zone);
        if (window.isEmpty() || window.get().isOpen(now)) {
            return "OPEN";
        }
        RunWindows.write(run.store(), run.runId(), window.get());
        String next = window.get().describeNext(now);
        run.updateStatus(status -> status
                .withState(status.counts().prepared() == 0 ? RunStatus.State.QUEUED : RunStatus.State.WAITING)
                .withNextWindow(next));
        // the job's exit status too: the job listener must leave the state the gate showed
        jobContext.setExitStatus(CLOSED);
        return CLOSED;
    }

    private Optional<BatchWindow> windowOf(RunContext run, ZoneId zone) throws IOException {
        String explicit = jobContext.getProperties().getProperty(JobProperties.WINDOW);
        if (explicit != null && !explicit.isBlank()) {
            return WindowSetting.choose(explicit, Optional.empty(), zone);
        }
        Optional<BatchWindow> recorded = RunWindows.read(run.store(), run.runId(), zone);
        return recorded.isPresent() ? recorded : WindowSetting.choose(null, run.config().window(), zone);
    }
}
