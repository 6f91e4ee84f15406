package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.server.HeadlessChromium;
import io.batchlab.store.ExperimentStore;
import io.batchlab.window.BatchWindow;
import io.batchlab.window.RunWindows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code batchlab serve} in a real browser: the dashboard over a tree a CLI run wrote, behind its access token. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeDashboardIT {

    private static final Pattern ADDRESS = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)\\?token=([A-Za-z0-9_-]+)");
    private static final Map<String, String> ENV = Map.of("GROQ_API_KEY", "serve-it-not-a-key");

    @TempDir
    Path work;

    @Test
    void theTokenHolderSeesTheRunAndItsUsersReadOnlyAndAnyoneElseIsTurnedAway() throws Exception {
        Path experiments = work.resolve("experiments");
        CliProcess serve = null;
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults()
                .withDurations(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(100)))) {
            // given: a completed run of three users, and the dashboard on any free port
            Cohort cohort = Cohort.write(work.resolve("cohort"), 3, emulator.baseUri());
            CliProcess run = CliProcess.start(experiments, work.resolve("logs"), "run", ENV, "run",
                    cohort.config().toString());
            assertThat(run.awaitExit(Duration.ofMinutes(3))).as(run.stderr()).isZero();
            ExperimentStore store = ExperimentStore.open(experiments);
            RunWindows.write(store, store.runs().get(0), BatchWindow.parse("0 22 * * MON-FRI for 8h", ZoneOffset.UTC));
            CliProcess server = CliProcess.start(experiments, work.resolve("logs"), "serve", ENV, "serve", "--port", "0");
            serve = server;
            Matcher address = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ADDRESS.matcher(server.stdout()), Matcher::find);
            String base = address.group(1);

            try (HeadlessChromium stranger = HeadlessChromium.start();
                 HeadlessChromium owner = HeadlessChromium.start()) {
                // when: someone without the token, and the owner with the printed address
                stranger.driver().get(base + "index.html");
                owner.driver().get(address.group());

                // then
                assertThat(stranger.driver().getPageSource()).contains("open the address that batchlab serve printed")
                        .doesNotContain("<table");
                WebDriver browser = owner.driver();
                assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").isEqualTo(base);
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.until(d -> d.findElements(By.cssSelector("#runs a.run-link")).size() == 1);
                assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("local · viewer");
                assertThat(browser.findElement(By.cssSelector("#runs td .state")).getText()).isEqualTo("COMPLETED");
                assertThat(browser.findElement(By.cssSelector("#runs tbody tr")).getText()).contains("0 22 * * MON-FRI for 8h");

                browser.findElement(By.cssSelector("#runs a.run-link")).click();
                wait.until(d -> d.findElements(By.cssSelector("#users tbody tr")).size() == 3);
                assertThat(browser.findElement(By.cssSelector("#run-state .state")).getText()).isEqualTo("COMPLETED");
                assertThat(browser.findElements(By.cssSelector("#steps li.done"))).hasSize(4);
                assertThat(browser.findElements(By.cssSelector("#operator-actions button"))).isEmpty();
                assertThat(browser.findElement(By.id("config")).getText()).contains("allowed_answers");
                Object refused = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch('api/runs/' + encodeURIComponent(document.getElementById('run-id').textContent)"
                                + " + '/stop', {method: 'POST', headers: {'Content-Type': 'application/json'}})"
                                + ".then(r => done(r.status));");
                assertThat(refused).isEqualTo(403L);

                browser.findElement(By.cssSelector("#users a.user-link")).click();
                wait.until(d -> !d.findElements(By.cssSelector(".user-run td.answer")).isEmpty());
                assertThat(browser.findElement(By.cssSelector(".user-run td.answer")).getText())
                        .startsWith("Emulated answer");
            }
        } finally {
            if (serve != null) {
                serve.kill();
            }
        }
    }
}
