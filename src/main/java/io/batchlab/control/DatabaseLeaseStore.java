package io.batchlab.control;

import io.batchlab.store.RunId;
import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Leases as rows of {@code batchlab_run_lease} in a PostgreSQL database (the job repository's, so that nodes that
 * share runs share it): one row per leased run with its owner (this JVM: node name, pid and a boot id, so a node that
 * comes back is a new owner), what the owner shows, the last heartbeat and the expiry. The owner renews all its rows
 * every third of {@value #TTL_KEY}; a row whose expiry has passed belongs to a dead (or stalled) owner and any node may
 * take it. Times are the database's clock, so the nodes' clocks do not matter.
 *
 * <p>Configured by MicroProfile Config {@value #DATASOURCE_KEY} (the JNDI name of the datasource) and {@value #TTL_KEY}
 * (ISO-8601, default 30 s); without the first, leases are file locks.
 */
final class DatabaseLeaseStore implements LeaseStore {

    static final String DATASOURCE_KEY = "batchlab.run-lease.datasource";
    static final String TTL_KEY = "batchlab.run-lease.ttl";
    private static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(DatabaseLeaseStore.class.getName());

    private static final String CREATE = """
            CREATE TABLE IF NOT EXISTS batchlab_run_lease (
              run_id VARCHAR(64) PRIMARY KEY,
              owner VARCHAR(300) NOT NULL,
              holder VARCHAR(600) NOT NULL,
              heartbeat TIMESTAMPTZ NOT NULL,
              expires TIMESTAMPTZ NOT NULL)""";
    /** Inserts the row, or takes it over when its owner let it expire; no row changed: a live owner has it. */
    private static final String CLAIM = """
            INSERT INTO batchlab_run_lease (run_id, owner, holder, heartbeat, expires)
            VALUES (?, ?, ?, now(), now() + ? * INTERVAL '1 millisecond')
            ON CONFLICT (run_id) DO UPDATE SET owner = EXCLUDED.owner, holder = EXCLUDED.holder,
              heartbeat = EXCLUDED.heartbeat, expires = EXCLUDED.expires
            WHERE batchlab_run_lease.expires < now()""";
    private static final String RENEW = "UPDATE batchlab_run_lease SET heartbeat = now(), "
            + "expires = now() + ? * INTERVAL '1 millisecond' WHERE owner = ? RETURNING run_id";
    /** Renews one run's row if this owner still has it (also after it expired, as long as nobody took it). */
    private static final String CONFIRM = "UPDATE batchlab_run_lease SET heartbeat = now(), "
            + "expires = now() + ? * INTERVAL '1 millisecond' WHERE run_id = ? AND owner = ?";

    private static Optional<DatabaseLeaseStore> configured;

    private final DataSource dataSource;
    private final String owner;
    private final Duration ttl;
    private final Set<RunId> claimed = ConcurrentHashMap.newKeySet();
    /** Runs this JVM held until another node took them over (found by a heartbeat or a confirmation). */
    private final Set<RunId> lost = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService heartbeat;
    private boolean tableReady;

    DatabaseLeaseStore(DataSource dataSource, String node, Duration ttl) {
        this.dataSource = dataSource;
        this.owner = node + " pid " + ProcessHandle.current().pid() + " boot " + UUID.randomUUID().toString()
                .substring(0, 8);
        this.ttl = ttl;
    }

    /** The store MicroProfile Config names, looked up once per application; empty when leases are file locks. */
    static synchronized Optional<DatabaseLeaseStore> configured() {
        if (configured == null) {
            configured = lookUp();
        }
        return configured;
    }

    private static Optional<DatabaseLeaseStore> lookUp() {
        Config config;
        try {
            config = ConfigProvider.getConfig();
        } catch (IllegalStateException | java.util.ServiceConfigurationError noConfigImplementation) {
            return Optional.empty();
        }
        Optional<String> jndiName = config.getOptionalValue(DATASOURCE_KEY, String.class).filter(s -> !s.isBlank());
        if (jndiName.isEmpty()) {
            return Optional.empty();
        }
        Duration ttl = config.getOptionalValue(TTL_KEY, String.class).map(DatabaseLeaseStore::ttl).orElse(DEFAULT_TTL);
        try {
            DataSource dataSource = (DataSource) new InitialContext().lookup(jndiName.get());
            LOG.info(() -> "run leases are rows of batchlab_run_lease in " + jndiName.get() + ", expiring after "
                    + ttl.toSeconds() + " s without a heartbeat");
            return Optional.of(new DatabaseLeaseStore(dataSource, nodeName(), ttl));
        } catch (NamingException | ClassCastException e) {
            throw new IllegalStateException(DATASOURCE_KEY + "=" + jndiName.get() + " names no datasource: "
                    + e.getMessage(), e);
        }
    }

    private static Duration ttl(String text) {
        try {
            Duration ttl = Duration.parse(text.strip());
            if (ttl.toMillis() >= 3000) {
                return ttl;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new IllegalStateException(TTL_KEY + "=" + text + " is not allowed: an ISO-8601 duration of at least "
                + "3 seconds, e.g. PT30S");
    }

    /** WildFly's node name (set it per node: two nodes on one host would share the host name), else the host. */
    private static String nodeName() {
        String node = System.getProperty("jboss.node.name");
        if (node != null && !node.isBlank()) {
            return node;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    /** This JVM as lease owner. */
    String owner() {
        return owner;
    }

    @Override
    public String key(RunId run) {
        return "database:" + run;
    }

    @Override
    public Claim tryClaim(RunId run, String holder) throws IOException {
        int claimedRows;
        try (Connection connection = connection();
             PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setString(1, run.toString());
            claim.setString(2, owner);
            claim.setString(3, holder);
            claim.setLong(4, ttl.toMillis());
            claimedRows = claim.executeUpdate();
        } catch (SQLException e) {
            throw failure("take the lease of run " + run, e);
        }
        if (claimedRows == 0) {
            return null;
        }
        lost.remove(run);
        claimed.add(run);
        startHeartbeat();
        return new Claim() {
            @Override
            public void describe(String text) throws IOException {
                update("UPDATE batchlab_run_lease SET holder = ? WHERE run_id = ? AND owner = ?", run, text);
            }

            @Override
            public boolean confirm() throws IOException {
                if (lost.contains(run)) {
                    return false;
                }
                if (update(CONFIRM, run, ttl.toMillis()) == 0) {
                    lose(List.of(run));
                    return false;
                }
                return true;
            }

            @Override
            public boolean lost() {
                return lost.contains(run);
            }

            @Override
            public void release() throws IOException {
                claimed.remove(run);
                update("DELETE FROM batchlab_run_lease WHERE run_id = ? AND owner = ?", run);
                lost.remove(run);
            }
        };
    }

    /** Runs {@code sql} whose parameters are {@code leading}, then the run and this owner; the rows it changed. */
    private int update(String sql, RunId run, Object... leading) throws IOException {
        try (Connection connection = connection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            int i = 1;
            for (Object parameter : leading) {
                update.setObject(i++, parameter);
            }
            update.setString(i++, run.toString());
            update.setString(i, owner);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw failure("update the lease of run " + run, e);
        }
    }

    @Override
    public boolean isHeld(RunId run) throws IOException {
        try (Connection connection = connection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT 1 FROM batchlab_run_lease WHERE run_id = ? AND expires >= now()")) {
            query.setString(1, run.toString());
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw failure("read the lease of run " + run, e);
        }
    }

    @Override
    public String holder(RunId run) {
        try (Connection connection = connection();
             PreparedStatement query = connection.prepareStatement("SELECT holder, "
                     + "CAST(EXTRACT(EPOCH FROM (expires - now())) AS BIGINT) FROM batchlab_run_lease WHERE run_id = ?")) {
            query.setString(1, run.toString());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return "nobody";
                }
                long left = row.getLong(2);
                return row.getString(1) + (left >= 0 ? " (lease expires in " + left + " s unless renewed)"
                        : " (lease expired " + -left + " s ago)");
            }
        } catch (SQLException | IOException e) {
            return "another node (its lease cannot be read: " + e.getMessage() + ")";
        }
    }

    @Override
    public List<RunId> expired() throws IOException {
        try (Connection connection = connection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT run_id FROM batchlab_run_lease WHERE expires < now() ORDER BY run_id")) {
            List<RunId> runs = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    runs.add(RunId.parse(rows.getString(1)));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw failure("list expired leases", e);
        }
    }

    /** Renews every row this JVM owns; a row it thought it owned and did not find was taken by another node. */
    void renew() throws IOException {
        // before the update: a run claimed after this snapshot is not missed, one claimed before it is renewed
        Set<RunId> held = Set.copyOf(claimed);
        Set<RunId> renewed = new HashSet<>();
        try (Connection connection = connection();
             PreparedStatement renew = connection.prepareStatement(RENEW)) {
            renew.setLong(1, ttl.toMillis());
            renew.setString(2, owner);
            try (ResultSet rows = renew.executeQuery()) {
                while (rows.next()) {
                    renewed.add(RunId.parse(rows.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw failure("renew the leases of " + owner, e);
        }
        // a run released meanwhile has left claimed: it was let go, not lost
        lose(held.stream().filter(run -> !renewed.contains(run) && claimed.contains(run)).sorted().toList());
    }

    /** Marks runs as taken over by other nodes: their executions here stop before they next call the provider. */
    private void lose(List<RunId> runs) {
        if (runs.isEmpty()) {
            return;
        }
        runs.forEach(run -> {
            claimed.remove(run);
            lost.add(run);
        });
        LOG.severe(() -> owner + " lost the leases of runs " + runs + " to other nodes (this node did not renew them "
                + "within " + TTL_KEY + "=" + ttl + ", e.g. in a long pause): the other nodes continue those runs; "
                + "their executions here stop before their next provider call or polling round");
    }

    private synchronized void startHeartbeat() {
        if (heartbeat != null) {
            return;
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "batchlab-run-lease-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1000, ttl.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(() -> {
            try {
                renew();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot renew the run leases of " + owner + "; trying again", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Stops renewing (the application ends); the rows expire and other nodes take the runs over. */
    synchronized void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
        }
    }

    private Connection connection() throws IOException {
        try {
            Connection connection = dataSource.getConnection();
            ensureTable(connection);
            return connection;
        } catch (SQLException e) {
            throw failure("connect to the lease database", e);
        }
    }

    private synchronized void ensureTable(Connection connection) throws SQLException {
        if (tableReady) {
            return;
        }
        try (Statement create = connection.createStatement()) {
            create.execute(CREATE);
        } catch (SQLException raced) {
            // two nodes creating it at once: one wins, the other finds it on the second try
            try (Statement create = connection.createStatement()) {
                create.execute(CREATE);
            }
        }
        tableReady = true;
    }

    private static IOException failure(String what, SQLException e) {
        return new IOException("cannot " + what + " in the lease database: " + e.getMessage(), e);
    }
}
