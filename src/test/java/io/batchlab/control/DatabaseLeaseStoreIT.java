package io.batchlab.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.store.RunId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Run leases as rows of a real PostgreSQL server, as several nodes see them (one store per node). */
class DatabaseLeaseStoreIT {

    /** Renewed every third of it. */
    private static final Duration TTL = Duration.ofSeconds(5);
    private static PostgresServer postgres;

    private final List<DatabaseLeaseStore> nodes = new ArrayList<>();
    /** Across test instances: every test leases runs of its own. */
    private static final AtomicInteger RUNS = new AtomicInteger();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(DatabaseLeaseStore::stopHeartbeat);
    }

    @Test
    void aRunLeasedByOneNodeIsRefusedToAnotherWhichSeesTheHolder() throws Exception {
        // given
        DatabaseLeaseStore a = node("node-a");
        DatabaseLeaseStore b = node("node-b");
        RunId run = nextRun();

        // when
        LeaseStore.Claim claim = a.tryClaim(run, "process 1 on host (node node-a), job execution 7");

        // then
        assertThat(claim).isNotNull();
        assertThat(b.tryClaim(run, "node-b")).isNull();
        assertThat(b.isHeld(run)).isTrue();
        assertThat(b.holder(run)).startsWith("process 1 on host (node node-a), job execution 7 (lease expires in ");

        // when
        claim.release();

        // then
        assertThat(b.isHeld(run)).isFalse();
        assertThat(b.tryClaim(run, "node-b")).isNotNull();
    }

    @Test
    void theHeartbeatKeepsALeaseAliveLongPastItsTimeToLive() throws Exception {
        // given
        DatabaseLeaseStore a = node("node-a");
        DatabaseLeaseStore b = node("node-b");
        RunId run = nextRun();
        assertThat(a.tryClaim(run, "node-a")).isNotNull();

        // then: for three times the time to live (checked back to back), the lease never expires and never goes to b
        long end = System.nanoTime() + TTL.multipliedBy(3).toNanos();
        while (System.nanoTime() < end) {
            assertThat(b.expired()).doesNotContain(run);
            assertThat(b.tryClaim(run, "node-b")).isNull();
        }
    }

    @Test
    void aLeaseWhoseOwnerStoppedRenewingExpiresAndExactlyOneOfTheOtherNodesTakesIt() throws Exception {
        // given: node a holds a run, then stops renewing (as if killed)
        DatabaseLeaseStore a = node("node-a");
        RunId run = nextRun();
        assertThat(a.tryClaim(run, "node-a")).isNotNull();
        a.stopHeartbeat();
        List<DatabaseLeaseStore> survivors = List.of(node("node-b"), node("node-c"), node("node-d"));

        // when
        await().atMost(TTL.multipliedBy(3)).until(() -> survivors.get(0).expired().contains(run));
        List<Callable<Boolean>> attempts = survivors.stream()
                .<Callable<Boolean>>map(node -> () -> node.tryClaim(run, node.owner()) != null).toList();
        ExecutorService pool = Executors.newFixedThreadPool(attempts.size());
        List<Boolean> won = new ArrayList<>();
        try {
            for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                won.add(attempt.get());
            }
        } finally {
            pool.shutdown();
        }

        // then
        assertThat(won).containsOnlyOnce(true);
        assertThat(survivors.get(0).expired()).doesNotContain(run);
        assertThat(a.tryClaim(run, "node-a back")).as("the old owner, back, finds the run taken").isNull();
    }

    @Test
    void anOwnerThatStalledPastTheLifetimeFindsItsRunTakenOverWhenItConfirmsAndLeavesTheNewOwnersRowAlone()
            throws Exception {
        // given: node a holds a run and stalls (renews nothing) until node b has taken the run over
        DatabaseLeaseStore a = node("node-a");
        DatabaseLeaseStore b = node("node-b");
        RunId run = nextRun();
        LeaseStore.Claim stalled = claimAndStall(a, b, run).get(0);
        LeaseStore.Claim taken = b.tryClaim(run, "node-b");
        assertThat(taken).isNotNull();

        // when: node a wakes up and is about to call the provider
        boolean confirmed = stalled.confirm();

        // then
        assertThat(confirmed).isFalse();
        assertThat(stalled.lost()).isTrue();
        assertThat(stalled.confirm()).as("asked again").isFalse();
        assertThat(taken.confirm()).isTrue();
        assertThat(taken.lost()).isFalse();

        // when: node a's execution ends and lets go
        stalled.release();

        // then: node b's lease is untouched
        assertThat(b.holder(run)).startsWith("node-b (lease expires in ");
        assertThat(taken.confirm()).isTrue();
    }

    @Test
    void theHeartbeatOfAnOwnerThatStalledFindsWhichOfItsRunsWereTakenOverAndKeepsTheOthers() throws Exception {
        // given: node a holds two runs and stalls; node b takes one of them over
        DatabaseLeaseStore a = node("node-a");
        DatabaseLeaseStore b = node("node-b");
        RunId takenOver = nextRun();
        RunId kept = nextRun();
        List<LeaseStore.Claim> claims = claimAndStall(a, b, takenOver, kept);
        LeaseStore.Claim lost = claims.get(0);
        LeaseStore.Claim still = claims.get(1);
        assertThat(b.tryClaim(takenOver, "node-b")).isNotNull();

        // when: node a's heartbeat runs again
        a.renew();

        // then: without asking the database again, node a knows which run it lost; the other is renewed
        assertThat(lost.lost()).isTrue();
        assertThat(still.lost()).isFalse();
        assertThat(b.expired()).doesNotContain(takenOver, kept);
        assertThat(b.tryClaim(kept, "node-b")).isNull();
        assertThat(still.confirm()).isTrue();
    }

    @Test
    void anOwnerThatStalledButWhoseRunNobodyTookConfirmsItAgainAndKeepsIt() throws Exception {
        // given
        DatabaseLeaseStore a = node("node-a");
        DatabaseLeaseStore b = node("node-b");
        RunId run = nextRun();
        LeaseStore.Claim claim = claimAndStall(a, b, run).get(0);

        // when
        boolean confirmed = claim.confirm();

        // then
        assertThat(confirmed).isTrue();
        assertThat(b.expired()).doesNotContain(run);
        assertThat(b.tryClaim(run, "node-b")).isNull();
    }

    /** {@code owner} claims the runs and stalls (renews nothing) until {@code observer} sees them expired. */
    private static List<LeaseStore.Claim> claimAndStall(DatabaseLeaseStore owner, DatabaseLeaseStore observer,
                                                        RunId... runs) throws Exception {
        List<LeaseStore.Claim> claims = new ArrayList<>();
        for (RunId run : runs) {
            claims.add(owner.tryClaim(run, owner.owner()));
        }
        owner.stopHeartbeat();
        await().atMost(TTL.multipliedBy(3)).until(() -> observer.expired().containsAll(List.of(runs)));
        return claims;
    }

    private DatabaseLeaseStore node(String name) {
        DatabaseLeaseStore node = new DatabaseLeaseStore(postgres.dataSource(), name, TTL);
        nodes.add(node);
        return node;
    }

    private RunId nextRun() {
        return RunId.parse("20261202_CT_LEASE_%03d".formatted(RUNS.incrementAndGet()));
    }
}
