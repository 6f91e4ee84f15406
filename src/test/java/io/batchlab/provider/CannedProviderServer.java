package io.batchlab.provider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP server on 127.0.0.1 that answers queued canned responses in order (the last one repeats), and records
 * every request it got. Serves statuses and headers the emulator cannot produce.
 */
final class CannedProviderServer implements AutoCloseable {

    /** @param declaredLength the Content-Length to announce; more than the body's length cuts the answer short */
    record Canned(int status, Map<String, String> headers, String body, long declaredLength) {
        static Canned json(int status, String body) {
            return new Canned(status, Map.of("Content-Type", "application/json"), body, -1);
        }

        static Canned bytes(String body) {
            return new Canned(200, Map.of("Content-Type", "application/octet-stream"), body, -1);
        }

        Canned withHeader(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Canned(status, Map.copyOf(more), body, declaredLength);
        }

        /** The answer announces {@code length} bytes, sends the body, then drops the connection. */
        Canned cutShortOf(long length) {
            return new Canned(status, headers, body, length);
        }
    }

    record Received(String method, URI uri, Map<String, List<String>> headers, byte[] body, long nanoTime) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final Deque<Canned> answers = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    CannedProviderServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::answer);
        server.start();
    }

    /** The API root, like {@code https://api.groq.com/openai/v1}. */
    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/openai/v1");
    }

    synchronized CannedProviderServer thenAnswer(Canned canned) {
        answers.add(canned);
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void answer(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI(),
                Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes(), System.nanoTime()));
        Canned canned = next();
        byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
        canned.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        long announced = canned.declaredLength() >= 0 ? canned.declaredLength() : body.length;
        exchange.sendResponseHeaders(canned.status(), announced == 0 ? -1 : announced);
        OutputStream out = exchange.getResponseBody();
        out.write(body);
        out.flush();
        if (announced > body.length) {
            exchange.close();
            return;
        }
        out.close();
    }

    private synchronized Canned next() {
        if (answers.isEmpty()) {
            return Canned.json(500, "{\"error\":{\"message\":\"no canned answer left\",\"type\":\"test\"}}");
        }
        return answers.size() == 1 ? answers.peek() : answers.poll();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
