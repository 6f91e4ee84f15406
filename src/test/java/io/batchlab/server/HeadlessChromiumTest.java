package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The browser tests' Chromium starts, renders a page from a local server and runs its script. */
class HeadlessChromiumTest {

    @Test
    void rendersAPageAndRunsItsScript() throws Exception {
        // given: a page whose text only its script writes
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = """
                <!doctype html><title>probe</title><p id="out">not run</p>
                <script>document.getElementById('out').textContent = 'ran ' + (6 * 7);</script>
                """.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            // when
            chromium.driver().get("http://127.0.0.1:" + server.getAddress().getPort() + "/");

            // then
            assertThat(chromium.driver().getTitle()).isEqualTo("probe");
            assertThat(chromium.driver().findElement(By.id("out")).getText()).isEqualTo("ran 42");
        } finally {
            server.stop(0);
        }
    }
}
