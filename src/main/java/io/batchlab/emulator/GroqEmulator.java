package io.batchlab.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A local, stateful imitation of Groq's Batch API (files, batches, models) over real HTTP on 127.0.0.1, for tests,
 * demos, benchmarks and free dry runs. It is not an LLM: answers are derived from a hash of each request.
 * Point a client at {@link #baseUri()} with any non-empty bearer token.
 */
public final class GroqEmulator implements AutoCloseable {

    /** Path prefix of the API, as on api.groq.com. */
    public static final String API_PREFIX = "/openai/v1";
    /** Path prefix of the unauthenticated control endpoints (counts, faults). */
    public static final String ADMIN_PREFIX = "/admin";

    private static final Logger LOG = Logger.getLogger(GroqEmulator.class.getName());
    private static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    private static final int THREADS = 16;
    private static final int QUEUE = 512;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final CallCounter counter = new CallCounter();
    private final FaultInjector faults;
    private final FileStore files;
    private final BatchStore batches;
    private final List<Route> apiRoutes = new ArrayList<>();
    private final List<Route> adminRoutes;
    private final Set<String> bearerTokens = ConcurrentHashMap.newKeySet();

    private GroqEmulator(EmulatorSettings settings) throws IOException {
        Clock clock = Clock.systemUTC();
        IdGenerator ids = new IdGenerator(clock, settings.seed());
        this.faults = new FaultInjector(settings.faults(), settings.seed());
        this.files = new FileStore(settings.fileDir(), clock, ids);
        this.batches = new BatchStore(settings, files, ids, clock, new AnswerGenerator(), faults::settings);
        apiRoutes.addAll(new FilesEndpoints(files, counter).routes());
        apiRoutes.addAll(new BatchesEndpoints(batches, counter).routes());
        apiRoutes.addAll(new ModelsEndpoint(settings.models(), clock.instant().getEpochSecond()).routes());
        adminRoutes = new AdminEndpoints(counter, faults::settings, faults::set).routes();

        AtomicInteger threadNumber = new AtomicInteger();
        executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                task -> {
                    Thread thread = new Thread(task, "groq-emulator-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 128);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static GroqEmulator start(EmulatorSettings settings) throws IOException {
        // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to every keep-alive call. The JDK reads
        // this property once, when the first HttpServer of the JVM starts.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
        GroqEmulator emulator = new GroqEmulator(settings);
        LOG.info(() -> "Groq emulator (not an LLM) listening on " + emulator.baseUri());
        return emulator;
    }

    /** {@code http://127.0.0.1:PORT/openai/v1}; SDKs that add {@code /openai/v1} themselves want {@link #port()} only. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port() + API_PREFIX);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public EmulatorCounts counts() {
        return counter.snapshot();
    }

    /** The exact moment a batch reaches (or will reach) {@code completed}; empty if it never completes. For benchmarks. */
    public Optional<Instant> completionTime(String batchId) {
        return batches.completionTime(batchId);
    }

    /**
     * The distinct bearer tokens the API was called with, so a test can prove which key a client really sent. Only for
     * the JVM that started the emulator: never logged, never served (the admin endpoints are unauthenticated).
     */
    public Set<String> bearerTokens() {
        return Set.copyOf(bearerTokens);
    }

    public void setFaults(FaultSettings faultSettings) {
        faults.set(faultSettings);
    }

    /**
     * Adds a {@code batch_output} file of exactly {@code bytes} bytes of valid output lines, generated while it is
     * downloaded and never held in memory; for large download tests. Lines are about 1 KB each (custom ids
     * {@code synthetic-0}, {@code synthetic-1}, …). Returns its file id.
     *
     * @throws IllegalArgumentException when {@code bytes} is too small for one output line (under about 700)
     */
    public String addSyntheticFile(String filename, long bytes) {
        return files.addContent(filename, StoredFile.PURPOSE_BATCH_OUTPUT, new SyntheticOutputContent(bytes)).id();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try {
            if (path.startsWith(ADMIN_PREFIX + "/")) {
                dispatch(exchange, adminRoutes, method, path.substring(ADMIN_PREFIX.length()));
            } else if (path.startsWith(API_PREFIX + "/")) {
                handleApi(exchange, method, path.substring(API_PREFIX.length()));
            } else {
                reply(exchange, unknownRoute(method, path));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "emulator failed on " + method + " " + path, e);
            reply(exchange, new ApiError(500, "internal_server_error", "internal_server_error", null,
                    "the emulator failed: " + e, Map.of()));
        } finally {
            exchange.close();
        }
    }

    private void handleApi(HttpExchange exchange, String method, String path) {
        Optional<Route> route = apiRoutes.stream().filter(r -> r.match(method, path).isPresent()).findFirst();
        counter.call(route.map(Route::endpoint).orElse(method + " (unknown route)"));
        pause(faults.settings().latency().toMillis());
        if (faults.dropConnection()) {
            // Closing before any response header was sent makes HttpServer close the TCP connection: the client gets no answer.
            exchange.close();
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.substring(7).isBlank()) {
            reply(exchange, new ApiError(401, "invalid_request_error", "invalid_api_key", null,
                    "Invalid API Key", Map.of()));
            return;
        }
        bearerTokens.add(authorization.substring(7));
        FaultInjector.Verdict verdict = faults.admit();
        verdict.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        Optional<ApiError> injected = verdict.error();
        if (injected.isPresent()) {
            if (injected.get().status() == 429) {
                counter.rateLimited();
            }
            reply(exchange, injected.get());
            return;
        }
        dispatch(exchange, apiRoutes, method, path);
    }

    private void dispatch(HttpExchange exchange, List<Route> routes, String method, String path) {
        for (Route route : routes) {
            Optional<List<String>> params = route.match(method, path);
            if (params.isPresent()) {
                try {
                    route.handler().handle(new ApiCall(exchange, params.get()));
                } catch (ApiError e) {
                    reply(exchange, e);
                } catch (IOException e) {
                    LOG.log(Level.FINE, "client went away during " + method + " " + path, e);
                }
                return;
            }
        }
        reply(exchange, unknownRoute(method, exchange.getRequestURI().getPath()));
    }

    private static ApiError unknownRoute(String method, String path) {
        return ApiError.notFound("unknown_url", "Unknown request URL: " + method + " " + path
                + ". Please check the URL for typos, or see the docs at https://console.groq.com/docs/");
    }

    private static void reply(HttpExchange exchange, ApiError error) {
        try {
            new ApiCall(exchange, List.of()).sendError(error);
        } catch (IOException | IllegalStateException e) {
            // Headers already sent or the client went away: nothing more can be told.
            LOG.log(Level.FINE, "could not send error " + error.status(), e);
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis); // the injected latency itself, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
