package io.batchlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.EmulatorSettings;
import io.batchlab.emulator.GroqEmulator;
import io.batchlab.server.HeadlessChromium;
import io.batchlab.server.LivePage;
import io.batchlab.control.RunLease;
import io.batchlab.store.ExperimentStore;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatusStore;
import io.batchlab.window.BatchWindow;
import io.batchlab.window.RunWindows;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * {@code batchlab serve} in a real browser: the dashboard over a tree CLI runs write, behind its access token, and its
 * operator buttons acting on a CLI run as {@code batchlab stop | restart} do.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ServeDashboardIT {

    private static final Pattern ADDRESS = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)\\?token=([A-Za-z0-9_-]+)");
    private static final Map<String, String> ENV = Map.of("GROQ_API_KEY", "serve-it-not-a-key");

    @TempDir
    Path work;

    @Test
    void theTokenHolderSeesTheRunAndItsUsersAsOperatorAndAnyoneElseIsTurnedAway() throws Exception {
        Path experiments = work.resolve("experiments");
        CliProcess serve = null;
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults()
                .withDurations(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(100)))) {
            // given: a completed run of three users, the first with 120 posts (three pages of requests), and the
            // dashboard on any free port
            Cohort cohort = Cohort.write(work.resolve("cohort"), 3, emulator.baseUri());
            String many = cohort.users().get(0);
            StringBuilder morePosts = new StringBuilder();
            for (int i = 2; i <= 120; i++) {
                morePosts.append("{\"user_id\":\"").append(many).append("\",\"created_at\":\"2024-04-08\",\"text\":\"post ")
                        .append(i).append(" of ").append(many).append("\"}\n");
            }
            Files.writeString(cohort.posts(), morePosts, StandardOpenOption.APPEND);
            CliProcess run = CliProcess.start(experiments, work.resolve("logs"), "run", ENV, "run",
                    cohort.config().toString());
            assertThat(run.awaitExit(Duration.ofMinutes(3))).as(run.stderr()).isZero();
            ExperimentStore store = ExperimentStore.open(experiments);
            RunWindows.write(store, store.runs().get(0), BatchWindow.parse("0 22 * * MON-FRI for 8h", ZoneOffset.UTC));
            serve = CliProcess.start(experiments, work.resolve("logs"), "serve", ENV, "serve", "--port", "0");
            Matcher address = printedAddress(serve);
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
                LivePage page = new LivePage(browser, Duration.ofSeconds(30));
                page.until(d -> d.findElements(By.cssSelector("#runs a.run-link")).size() == 1);
                assertThat(page.text(By.id("who"))).isEqualTo("local · operator");
                assertThat(page.text(By.cssSelector("#runs td .state"))).isEqualTo("COMPLETED");
                assertThat(page.text(By.cssSelector("#runs tbody tr"))).contains("0 22 * * MON-FRI for 8h");

                page.click(By.cssSelector("#runs a.run-link"));
                page.until(d -> d.findElements(By.cssSelector("#users tbody tr")).size() == 3);
                assertThat(page.text(By.cssSelector("#run-state .state"))).isEqualTo("COMPLETED");
                assertThat(browser.findElements(By.cssSelector("#steps li.done"))).hasSize(4);
                assertThat(page.text(By.id("config"))).contains("allowed_answers");
                // a complete run: stop is refused as batchlab stop refuses it, restart as the server refuses it
                page.click(By.id("stop"));
                page.until(d -> d.findElement(By.id("action-message")).getText().contains("not running"));
                assertThat(page.text(By.id("action-message")))
                        .endsWith("is not running in any batchlab process");
                page.click(By.id("restart"));
                page.until(d -> d.findElement(By.id("action-message")).getText().contains("cannot be restarted"));
                assertThat(page.text(By.id("action-message")))
                        .contains("is already complete");
                page.click(By.id("retry"));
                page.until(d -> d.findElement(By.id("action-message")).getText().startsWith("nothing is missing"));

                page.click(By.cssSelector("#users tr[data-user='" + many + "'] a.user-link"));
                page.until(d -> !d.findElements(By.cssSelector(".user-run td.answer")).isEmpty());
                assertThat(page.text(By.cssSelector(".user-run td.answer")))
                        .startsWith("Emulated answer");
                // a user of 120 requests: the first page, then Next twice to the last, then Previous
                By pageInfo = By.cssSelector(".user-run .requests-page");
                By rows = By.cssSelector(".user-run table.requests tbody tr");
                assertThat(page.text(pageInfo)).isEqualTo("1–50 of 120 requests");
                assertThat(browser.findElements(rows)).hasSize(50);
                String firstOfPageOne = page.attribute(rows, "data-request");
                assertThat(page.enabled(By.cssSelector(".user-run .requests-previous"))).isFalse();
                page.click(By.cssSelector(".user-run .requests-next"));
                page.until(d -> d.findElement(pageInfo).getText().equals("51–100 of 120 requests"));
                assertThat(browser.findElements(rows)).hasSize(50);
                assertThat(page.attribute(rows, "data-request")).isNotEqualTo(firstOfPageOne);
                page.click(By.cssSelector(".user-run .requests-next"));
                page.until(d -> d.findElement(pageInfo).getText().equals("101–120 of 120 requests"));
                assertThat(browser.findElements(rows)).hasSize(20);
                assertThat(page.enabled(By.cssSelector(".user-run .requests-next"))).isFalse();
                page.click(By.cssSelector(".user-run .requests-previous"));
                page.until(d -> d.findElement(pageInfo).getText().equals("51–100 of 120 requests"));
            }

            // and the API pages the same requests, refusing a page out of range and an unknown run by name
            String runId = store.runs().get(0).toString();
            String requests = base + "api/users/" + many + "/runs/" + runId + "/requests";
            HttpResponse<String> last = get(requests + "?offset=100&limit=50", address.group(2));
            assertThat(last.statusCode()).isEqualTo(200);
            assertThat(last.body()).contains("\"offset\":100", "\"limit\":50", "\"total\":120");
            HttpResponse<String> tooMany = get(requests + "?limit=501", address.group(2));
            assertThat(tooMany.statusCode()).isEqualTo(400);
            assertThat(tooMany.body()).contains("limit must be 1 to 500 (given 501)").doesNotContain("Exception");
            HttpResponse<String> negative = get(requests + "?offset=-1", address.group(2));
            assertThat(negative.statusCode()).isEqualTo(400);
            assertThat(negative.body()).contains("offset must be 0 or more (given -1)");
            assertThat(get(base + "api/users/" + many + "/runs/20240101_CT_GPT120B_999/requests", address.group(2))
                    .statusCode()).isEqualTo(404);
            assertThat(get(base + "api/users/nobody/runs/" + runId + "/requests", address.group(2)).statusCode())
                    .isEqualTo(404);
        } finally {
            if (serve != null) {
                serve.kill();
            }
        }
    }

    @Test
    void theTokenHolderStopsARunningCliRunAndRestartsItToTheEndFromTheRunView() throws Exception {
        Path experiments = work.resolve("experiments");
        CliProcess serve = null;
        CliProcess run = null;
        Optional<ProcessHandle> restarted = Optional.empty();
        // batches stay in progress for 40 s: the run is still collecting when Stop is clicked
        try (GroqEmulator emulator = CliProcess.emulator(EmulatorSettings.defaults()
                .withDurations(Duration.ofMillis(100), Duration.ofSeconds(40), Duration.ofMillis(100)))) {
            // given: a CLI run that collects, and the dashboard beside it
            Cohort cohort = Cohort.write(work.resolve("cohort"), 3, emulator.baseUri());
            run = CliProcess.start(experiments, work.resolve("logs"), "run", ENV, "run", cohort.config().toString());
            CliProcess working = run;
            ExperimentStore store = ExperimentStore.open(experiments);
            RunId runId = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> submitted(store, working), Optional::isPresent).get();
            serve = CliProcess.start(experiments, work.resolve("logs"), "serve", ENV, "serve", "--port", "0");
            Matcher address = printedAddress(serve);
            String base = address.group(1);
            String token = address.group(2);

            try (HeadlessChromium owner = HeadlessChromium.start()) {
                WebDriver browser = owner.driver();
                browser.get(base + "run.html?id=" + runId + "&token=" + token);
                LivePage page = new LivePage(browser, Duration.ofSeconds(60));
                page.until(d -> !d.findElements(By.cssSelector("#run-state .state")).isEmpty());
                assertThat(page.text(By.cssSelector("#run-state .state"))).isEqualTo("RUNNING");

                // when: Stop
                page.click(By.id("stop"));

                // then: the CLI process stops the run and ends, status.json says STOPPED, and so does the page
                assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.stdout()).isEqualTo(1);
                assertThat(run.stdout()).contains("stop requested: stopping run " + runId);
                assertThat(run.stderr()).contains("run " + runId + " ended STOPPED");
                assertThat(RunStatusStore.read(store, runId).state()).isEqualTo(RunStatus.State.STOPPED);
                page.until(d -> d.findElement(By.cssSelector("#run-state .state")).getText().equals("STOPPED"));

                // when: Restart
                page.click(By.id("restart"));

                // then: a batchlab restart process of its own takes the run and completes it; the page follows
                page.until(d -> d.findElement(By.id("action-message")).getText().equals("Restart: accepted"));
                String holder = RunLease.holder(store, runId);
                Matcher pid = Pattern.compile("process (\\d+) ").matcher(holder);
                assertThat(pid.find()).as(holder).isTrue();
                restarted = ProcessHandle.of(Long.parseLong(pid.group(1)));
                assertThat(restarted).as("the restart process works on the run").isPresent();
                assertThat(restarted.get().pid()).isNotEqualTo(serve.pid()).isNotEqualTo(run.pid());
                page.until(Duration.ofMinutes(3), d -> d.findElement(
                        By.cssSelector("#run-state .state")).getText().equals("COMPLETED"));
                assertThat(RunStatusStore.read(store, runId).state()).isEqualTo(RunStatus.State.COMPLETED);
                // its log records in the run's log, as every command's; its terminal output in a log of its own
                assertThat(Files.readString(store.workDir().resolve("logs").resolve(runId + ".log")))
                        .contains("process " + restarted.get().pid() + " works on run " + runId);
                try (var logs = Files.list(store.workDir().resolve("logs"))) {
                    assertThat(logs.map(log -> log.getFileName().toString()))
                            .anyMatch(name -> name.startsWith(runId + "-restart-") && name.endsWith(".log"));
                }
                for (String user : cohort.users()) {
                    assertThat(emulator.counts().batchesPerRunUser().get(runId + "/" + user))
                            .as("batches of " + user).isEqualTo(1);
                }
            }

            // then: without the token, or from another origin, a change is refused
            HttpClient http = HttpClient.newHttpClient();
            URI stop = URI.create(base + "api/runs/" + runId + "/stop");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(stop)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(stop)
                    .header("Content-Type", "application/json").header("Cookie", "batchlab_token=" + token)
                    .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(foreign.body()).contains("only from its own pages");
            HttpResponse<String> notJson = http.send(HttpRequest.newBuilder(stop)
                    .header("Cookie", "batchlab_token=" + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(notJson.statusCode()).as("the API's own guard still asks for JSON").isEqualTo(415);
        } finally {
            restarted.ifPresent(ProcessHandle::destroyForcibly);
            if (run != null && run.isAlive()) {
                run.kill();
            }
            if (serve != null) {
                serve.kill();
            }
        }
    }

    private static HttpResponse<String> get(String uri, String token) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri))
                .header("Cookie", "batchlab_token=" + token).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Matcher printedAddress(CliProcess serve) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> ADDRESS.matcher(serve.stdout()), Matcher::find);
    }

    /** The run, once the process works on it and every user is submitted (so it collects). */
    private static Optional<RunId> submitted(ExperimentStore store, CliProcess run) throws IOException {
        if (!run.isAlive()) {
            throw new AssertionError("the run ended early: " + run.stdout() + run.stderr());
        }
        List<RunId> runs = store.runs();
        if (runs.isEmpty() || !Files.exists(store.statusFile(runs.get(0)))) {
            return Optional.empty();
        }
        RunStatus status = RunStatusStore.read(store, runs.get(0));
        return status.state() == RunStatus.State.RUNNING && status.steps().uploadsCompleted()
                ? Optional.of(runs.get(0)) : Optional.empty();
    }
}
