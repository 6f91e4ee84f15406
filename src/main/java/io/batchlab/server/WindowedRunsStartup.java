package io.batchlab.server;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Starts {@link WindowedRuns} with the deployment rather than at its first use, so that runs waiting for a window
 * are taken up again after a restart of the server. Outside an application server (the CLI's CDI container) there
 * is no managed executor and nothing starts.
 */
@ApplicationScoped
public class WindowedRunsStartup {

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    Instance<WindowedRuns> windowedRuns;

    void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        if (executor != null) {
            windowedRuns.get().startTakingUpWaitingRuns();
        }
    }
}
