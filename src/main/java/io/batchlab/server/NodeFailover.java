package io.batchlab.server;

import io.batchlab.config.ExperimentConfigLoader;
import io.batchlab.control.RunFailover;
import io.batchlab.control.RunJobs;
import io.batchlab.control.RunLease;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.ExperimentsRoot;
import io.batchlab.window.RunWindows;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * On a node that shares its job repository and run leases with other nodes (the leases are database rows), looks
 * every {@link #SCAN} for runs whose node died and continues them here ({@link RunFailover}); a run taken over that
 * had a window is put on this node's window schedule, so its window keeps stopping and restarting it. On a single
 * server (file leases) nothing is scheduled: a crashed server's runs are restarted by an operator.
 */
@ApplicationScoped
public class NodeFailover {

    private static final Logger LOG = Logger.getLogger(NodeFailover.class.getName());
    private static final Duration SCAN = Duration.ofSeconds(2);

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    WindowedRuns windowedRuns;

    private ExperimentStore store;
    private RunFailover failover;
    private ScheduledFuture<?> scanning;

    void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        if (executor == null) {
            return; // not on an application server (the CLI's CDI container)
        }
        try {
            store = ExperimentStore.open(ExperimentsRoot.resolve(null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the experiments root: " + e.getMessage(), e);
        }
        if (!RunLease.sharedAcrossNodes(store)) {
            return;
        }
        failover = new RunFailover(RunJobs.deployed(BatchRuntime.getJobOperator(), store), store);
        scanning = executor.scheduleWithFixedDelay(this::scan, SCAN.toMillis(), SCAN.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info(() -> "taking over the runs of nodes that stop renewing their leases (looking every "
                + SCAN.toSeconds() + " s)");
    }

    private void scan() {
        try {
            for (RunFailover.Takeover takeover : failover.scan()) {
                rearmWindow(takeover);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot look for runs of dead nodes; trying again", e);
        }
    }

    private void rearmWindow(RunFailover.Takeover takeover) throws IOException {
        if (RunWindows.expression(store, takeover.run()).isEmpty()) {
            return;
        }
        ZoneId zone = ExperimentConfigLoader.loadRecorded(store.configFile(takeover.run())).experiment().timeZone();
        RunWindows.read(store, takeover.run(), zone).ifPresent(window -> {
            windowedRuns.queue(takeover.run(), window);
            LOG.info(() -> "run " + takeover.run() + " keeps its window " + window + " on this node");
        });
    }

    @PreDestroy
    void stop() {
        if (scanning != null) {
            scanning.cancel(false);
            failover.close();
        }
        RunLease.stopRenewing();
    }
}
