package io.batchlab.server;

import io.batchlab.control.PostgresServer;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One node of the cluster ITs: a copy of the provisioned server ({@code target/server}) under
 * {@code batchlab.it.cluster}, given the PostgreSQL job repository by running
 * {@code server-config/scripts/batch-job-repository-postgresql.cli} on it exactly as an operator would, with the ITs'
 * users and {@code target/batchlab.war} in its deployments, started with {@code bin/standalone.sh} at its own port
 * offset and node name. Its database password reaches it only through its environment.
 */
final class WildFlyNode implements AutoCloseable {

    /** The nodes' lease time to live: short, so a dead node's runs are taken over within seconds. */
    static final Duration LEASE_TTL = Duration.ofSeconds(6);
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final Set<String> RUNTIME_DIRECTORIES = Set.of("data", "tmp", "log");

    private final String name;
    private final int offset;
    private final Path home;
    private final Path experiments;
    private final PostgresServer postgres;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private WildFlyNode(String name, int offset, Path home, Path experiments, PostgresServer postgres) {
        this.name = name;
        this.offset = offset;
        this.home = home;
        this.experiments = experiments;
        this.postgres = postgres;
    }

    /** Copies and configures the node; does not start it. */
    static WildFlyNode prepare(String name, int offset, PostgresServer postgres, Path experiments)
            throws IOException, InterruptedException {
        Path home = Path.of(required("batchlab.it.cluster")).resolve(name);
        deleteTree(home);
        copyServer(ExperimentWorkspace.jbossHome(), home);
        Path properties = Files.writeString(home.resolve("postgresql-driver.properties"),
                "pg.driver.jar=" + required("batchlab.it.postgresql.driver") + "\n", StandardCharsets.UTF_8);
        Path script = Path.of(required("batchlab.server-config"), "scripts", "batch-job-repository-postgresql.cli");
        run(home, List.of(home.resolve("bin/jboss-cli.sh").toString(), "--file=" + script,
                "--properties=" + properties), home.resolve("configure.log"));
        TestUsers.addTo(home);
        Files.copy(Path.of(required("batchlab.war")), home.resolve("standalone/deployments/batchlab.war"));
        return new WildFlyNode(name, offset, home, experiments, postgres);
    }

    /** Starts the server; {@link #awaitReady()} waits for the WAR. */
    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.node.name=" + name,
                "-Dbatchlab.experiments=" + experiments,
                "-Dbatchlab.server.data-roots=" + required("batchlab.it.inputs"),
                "-Dbatchlab.provider.allowed-base-urls=http://127.0.0.1:" + ExperimentWorkspace.emulatorPort()
                        + "/openai/v1",
                "-Dbatchlab.repository.url=" + postgres.jdbcUrl(),
                "-Dbatchlab.repository.user=" + PostgresServer.USER,
                "-Dbatchlab.run-lease.ttl=" + LEASE_TTL));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", required("wildfly.java.home"));
        env.put("JAVA_OPTS", "-Xms128m -Xmx512m -Djava.net.preferIPv4Stack=true");
        env.put("BATCHLAB_REPOSITORY_PASSWORD", postgres.password());
        env.put("GROQ_API_KEY", "it-placeholder-not-a-key");
        process = builder.start();
    }

    /** Waits until the runs API answers; fails early, with the log's end, if the server died. */
    void awaitReady() throws Exception {
        Instant deadline = Instant.now().plus(BOOT);
        HttpRequest probe = HttpRequest.newBuilder(new URL(webApp(), "api/runs").toURI())
                .header("Authorization", TestUsers.VIEWER.basicAuthorization()).timeout(Duration.ofSeconds(5)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " ended while booting:\n" + logTail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            }
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("node " + name + " did not deploy batchlab within " + BOOT + ":\n" + logTail());
    }

    /** kill -9 of the server's JVM (and the script that started it): no shutdown hook, no lease released. */
    void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        process = null;
    }

    /** Starts the server and waits for the WAR unless it runs already (a test before killed it). */
    void ensureRunning() throws Exception {
        if (process == null || !process.isAlive()) {
            start();
            awaitReady();
        }
    }

    /** kill -STOP of the server's JVM: a node that stalls (a long pause, a frozen VM) without dying. */
    void freeze() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** kill -CONT: the stalled node goes on where it stopped. */
    void thaw() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", signal, String.valueOf(process.pid())));
        process.descendants().forEach(child -> command.add(String.valueOf(child.pid())));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    URL webApp() throws IOException {
        return new URL("http://127.0.0.1:" + (8080 + offset) + "/batchlab/");
    }

    String name() {
        return name;
    }

    /** The node's server.log, for failure messages. */
    String logTail() throws IOException {
        Path log = home.resolve("standalone/log/server.log");
        Path file = Files.exists(log) ? log : home.resolve("console.log");
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** Lines of the node's server.log that contain {@code text}. */
    List<String> logLines(String text) throws IOException {
        Path log = home.resolve("standalone/log/server.log");
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(text)).toList();
        }
    }

    /** Stops the server in an orderly way (SIGTERM), then kills it if it lingers. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
        process = null;
    }

    private static void copyServer(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path relative = from.relativize(dir);
                if (relative.getNameCount() == 2 && relative.getName(0).toString().equals("standalone")
                        && RUNTIME_DIRECTORIES.contains(relative.getName(1).toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(relative.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void run(Path dir, List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", required("wildfly.java.home"));
        Process cli = builder.start();
        if (!cli.waitFor(3, TimeUnit.MINUTES) || cli.exitValue() != 0) {
            cli.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run the ITs through "
                    + "./mvnw verify");
        }
        return value;
    }
}
