package io.batchlab.server;

import io.batchlab.provider.ProviderCallCounts;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.ExperimentsRoot;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;

/**
 * batchlab's metrics in WildFly's Micrometer registry, which the server serves to Prometheus (README, "Metrics").
 * Nothing is counted here: a run's gauges read its status.json (the job's own counts, at most a second old) and the
 * provider counters read {@link ProviderCallCounts}. New runs get their gauges within {@link #DISCOVERY_SECONDS}.
 * Outside WildFly (the CLI's CDI container) there is neither a managed executor nor a registry, and nothing starts.
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
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        if (executor == null || !registries.isResolvable()) {
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
        meters.add(FunctionCounter.builder("batchlab.provider.calls", provider, ProviderCallCounts::calls)
                .description("Calls sent to the provider's API, retries included").register(registry));
        meters.add(FunctionCounter.builder("batchlab.provider.rate.limited", provider, ProviderCallCounts::throttled)
                .description("Provider calls answered 429 (too many requests)").register(registry));
        discovery = executor.scheduleWithFixedDelay(this::discoverRuns, 0, DISCOVERY_SECONDS, TimeUnit.SECONDS);
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
        USER_COUNTS.forEach((state, count) -> meters.add(Gauge
                .builder("batchlab.run.users", statuses, s -> s.of(run).map(st -> count.applyAsDouble(st.counts()))
                        .orElse(Double.NaN))
                .description("Users of the run by how far they got (status.json's counts)")
                .tags("run_id", id, "state", state).strongReference(true).register(registry)));
        meters.add(Gauge
                .builder("batchlab.run.cost", statuses, s -> s.of(run).map(RunMetrics::collectedCost)
                        .orElse(Double.NaN))
                .description("USD at the batch price of the answers collected so far; NaN when the model has no price")
                .baseUnit("usd").tags("run_id", id).strongReference(true).register(registry));
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
            meters.forEach(registry::remove);
        }
    }
}
