package io.batchlab.server;

import io.batchlab.provider.ProviderCallCounts;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.ExperimentsRoot;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;

/**
 * batchlab's metrics in WildFly's Micrometer registry, which the server serves to Prometheus (README, "Metrics").
 * Nothing is counted here: a run's gauges read its status.json (the job's own counts, at most a second old) and the
 * provider counters read {@link ProviderCallCounts}. New runs get their gauges within {@link #DISCOVERY_SECONDS}.
 * Outside WildFly (the CLI's CDI container) there is neither a managed executor nor a registry, and nothing starts.
 * Meters are registered with the registry's name-and-tags methods: WildFly 39's per-deployment registry passes only
 * those on to the registry that Prometheus reads (a meter built with {@code Gauge.builder} would stay invisible).
 */
@ApplicationScoped
public class RunMetrics {

    static final long DISCOVERY_SECONDS = 5;
    private static final Logger LOG = Logger.getLogger(RunMetrics.class.getName());
    private static final Map<String, ToDoubleFunction<RunStatus.Counts>> USER_COUNTS = Map.of(
            "total", RunStatus.Counts::total,
            "prepared", RunStatus.Counts::prepared,
            "submitted", RunStatus.Counts::submitted,
            "completed", RunStatus.Counts::completed,
            "failed", RunStatus.Counts::failed,
            "skipped", RunStatus.Counts::skipped);

    @Resource
    ManagedScheduledExecutorService executor;

    @Inject
    Instance<MeterRegistry> registries;

    private MeterRegistry registry;
    private ExperimentStore store;
    private RunStatusSnapshots statuses;
    private ScheduledFuture<?> discovery;
    private final Set<RunId> measured = ConcurrentHashMap.newKeySet();

    void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        if (executor == null || !registries.isResolvable()) {
            LOG.fine(() -> "no run metrics: " + (executor == null ? "no managed executor" : "no Micrometer registry ("
                    + (registries.isAmbiguous() ? "ambiguous" : "unsatisfied") + ")"));
            return;
        }
        try {
            store = ExperimentStore.open(ExperimentsRoot.resolve(null));
        } catch (IOException e) {
            LOG.warning(() -> "no run metrics: cannot open the experiments root: " + e.getMessage());
            return;
        }
        registry = registries.get();
        statuses = new RunStatusSnapshots(store);
        ProviderCallCounts provider = ProviderCallCounts.process();
        registry.more().counter("batchlab.provider.calls", Tags.empty(), provider, ProviderCallCounts::calls);
        registry.more().counter("batchlab.provider.rate.limited", Tags.empty(), provider,
                ProviderCallCounts::throttled);
        discovery = executor.scheduleWithFixedDelay(this::discoverRuns, 0, DISCOVERY_SECONDS, TimeUnit.SECONDS);
        LOG.info(() -> "run metrics registered with " + registry.getClass().getSimpleName() + " for the runs under "
                + store.root());
    }

    /** Gives every run under the experiments root its gauges, once. */
    void discoverRuns() {
        try {
            for (RunId run : store.runs()) {
                if (measured.add(run)) {
                    register(run);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "run metrics: cannot list the runs: " + e);
        }
    }

    private void register(RunId run) {
        String id = run.toString();
        USER_COUNTS.forEach((state, count) -> registry.gauge("batchlab.run.users",
                Tags.of("run_id", id, "state", state), statuses,
                s -> s.of(run).map(status -> count.applyAsDouble(status.counts())).orElse(Double.NaN)));
        registry.gauge("batchlab.run.cost.usd", Tags.of("run_id", id), statuses,
                s -> s.of(run).map(RunMetrics::collectedCost).orElse(Double.NaN));
    }

    private static double collectedCost(RunStatus status) {
        return status.cost() == null || status.cost().collected() == null ? Double.NaN
                : status.cost().collected().doubleValue();
    }

    @PreDestroy
    void close() {
        if (discovery != null) {
            discovery.cancel(false);
        }
        if (registry != null) {
            registry.getMeters().stream().filter(meter -> meter.getId().getName().startsWith("batchlab."))
                    .forEach(registry::remove);
        }
    }
}
