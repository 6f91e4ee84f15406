package io.batchlab.control;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throwaway PostgreSQL server for the ITs: a fresh cluster (initdb) in a temporary directory, listening on a free
 * port of 127.0.0.1 only, with database {@value #DATABASE} and user {@value #USER} whose password is drawn anew;
 * removed again on {@link #close()}. PostgreSQL refuses to run as root, so as root (CI) every server command runs as
 * the unprivileged user {@code nobody} through {@code runuser}, which owns the directory.
 *
 * <p>The binaries come from {@code -Dbatchlab.it.postgresql.bin}, else {@code pg_ctl} on the PATH, else the newest
 * {@code /usr/lib/postgresql/N/bin} (Debian's {@code postgresql} package). Without them the tests are skipped with a
 * reason, unless {@code -Dbatchlab.it.postgresql=required} (.ci/run), which makes that a failure.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DATABASE = "batchlab";
    public static final String USER = "batchlab";
    private static final String UNPRIVILEGED = "nobody";

    private final Path bin;
    private final Path dir;
    private final int port;
    private final String password;
    private final boolean asRoot;

    private PostgresServer(Path bin, Path dir, int port, String password, boolean asRoot) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.asRoot = asRoot;
    }

    /** Creates and starts a server; skips the calling test when PostgreSQL is not installed and not required. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries().orElse(null);
        if (bin == null) {
            String reason = "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: apt-get install "
                    + "postgresql, or set -Dbatchlab.it.postgresql.bin=DIR";
            if ("required".equals(System.getProperty("batchlab.it.postgresql"))) {
                throw new IllegalStateException(reason + " (-Dbatchlab.it.postgresql=required)");
            }
            Assumptions.abort(reason);
        }
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("batchlab-postgresql-");
        String password = randomPassword();
        Path passwordFile = Files.writeString(dir.resolve("password"), password, StandardCharsets.UTF_8);
        if (asRoot) {
            run(List.of("chown", "-R", UNPRIVILEGED, dir.toString()), dir);
        }
        PostgresServer server = new PostgresServer(bin, dir, freePort(), password, asRoot);
        try {
            server.serverCommand("initdb", "-D", server.data().toString(), "-U", USER, "-A", "scram-sha-256",
                    "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
            Files.delete(passwordFile);
            server.serverCommand("pg_ctl", "-D", server.data().toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                            + " -c fsync=off -c max_connections=60", "start");
            server.execute("postgres", "CREATE DATABASE " + DATABASE);
            return server;
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
    }

    private static Optional<Path> binaries() {
        String configured = System.getProperty("batchlab.it.postgresql.bin");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "pg_ctl"))
                    && Files.isExecutable(Path.of(entry, "initdb"))) {
                return Optional.of(Path.of(entry));
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(debian)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debian)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(candidate -> Files.isExecutable(candidate.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String password() {
        return password;
    }

    public DataSource dataSource() {
        return dataSource(DATABASE);
    }

    /**
     * Transaction ids the server has handed out so far: every transaction that wrote something has one, read-only ones
     * have none. Read from a snapshot's xmax, which hands out none itself and, unlike pg_stat_database's counts, is
     * never late.
     */
    public long writeTransactions() throws SQLException {
        try (Connection connection = dataSource("postgres").getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")) {
            row.next();
            return row.getLong(1);
        }
    }

    private DataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(USER);
        dataSource.setPassword(password);
        return dataSource;
    }

    private void execute(String database, String sql) throws IOException {
        try (Connection connection = dataSource(database).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IOException("PostgreSQL on port " + port + " refused " + sql + ": " + e.getMessage(), e);
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void serverCommand(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("runuser", "-u", UNPRIVILEGED, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        run(command, dir);
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path output = Files.createTempFile("batchlab-postgresql-command-", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                        + ":\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Stops the server at once (nothing in it is worth keeping) and deletes its directory. */
    @Override
    public void close() throws IOException {
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                serverCommand("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
