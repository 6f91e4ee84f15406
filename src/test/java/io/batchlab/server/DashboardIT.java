package io.batchlab.server;

import static io.batchlab.server.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.batchlab.emulator.GroqEmulator;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The dashboard on the real WildFly, in headless Chromium, as a viewer and an operator would use it; runs go to the
 * emulator in this JVM. Screenshots of the three views land in target/dashboard-screenshots (README's come from there).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
class DashboardIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    /** Answers a page must show as text: either would run script if the page put it in as HTML. */
    private static final List<String> MARKUP_ANSWERS = List.of("<img src=x onerror=window.pwned=1>",
            "<script>window.pwned=2</script>");

    @ArquillianResource
    URL webApp;
    private ApiClient api;
    private GroqEmulator emulator;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SmokeJobDeployment.create();
    }

    @BeforeEach
    void connect() {
        api = new ApiClient(webApp);
    }

    @AfterEach
    void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void viewerWatchesARunCompleteOpensAUserAndSeesMarkupAsTextButNoOperatorButtons() throws Exception {
        // given: answers that are markup, and a run that is still working when the viewer opens it
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofSeconds(6)));
        List<String> users = ExperimentWorkspace.users("dash", 4);
        Path config = ExperimentWorkspace.writeConfig("dash-view", emulator.baseUri(), users);
        Files.writeString(config, answersOnALineOfTheirOwn(Files.readString(config))
                .replace("[favor, against, neutral]", "[\"" + String.join("\", \"", MARKUP_ANSWERS) + "\"]"));

        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            WebDriver browser = logIn(chromium, TestUsers.VIEWER);
            LivePage page = new LivePage(browser, DEADLINE);
            String run = json(api.send(api.post("api/runs", ApiClient.newRun(config)), TestUsers.OPERATOR))
                    .getString("run_id");

            // when: the viewer reloads the list, opens the run and only watches
            browser.navigate().refresh();
            page.until(d -> !d.findElements(By.cssSelector("#runs tr[data-run='" + run + "'] a.run-link")).isEmpty());
            page.click(By.cssSelector("#runs tr[data-run='" + run + "'] a.run-link"));
            page.until(d -> !d.findElements(By.cssSelector("#run-state .state")).isEmpty());
            String firstSeen = page.text(By.cssSelector("#run-state .state"));

            // then: the page follows the run to COMPLETED by itself
            assertThat(firstSeen).as("opened while the run works").isNotEqualTo("COMPLETED");
            page.until(d -> "COMPLETED".equals(d.findElement(By.cssSelector("#run-state .state")).getText()));
            assertThat(browser.findElements(By.cssSelector("#steps li.done"))).hasSize(4);
            page.until(d -> d.findElements(By.cssSelector("#users tbody tr[data-user]")).size() == users.size());
            page.until(d -> !d.findElements(By.cssSelector("#answers tbody tr")).isEmpty());
            assertThat(page.texts(By.cssSelector("#answers tbody td:first-child"))).containsAnyElementsOf(MARKUP_ANSWERS);
            assertThat(browser.findElements(By.cssSelector("#operator-actions button"))).isEmpty();
            assertThat(page.text(By.id("who"))).isEqualTo(TestUsers.VIEWER.name() + " · viewer");
            assertThat(postFromPage(browser, "api/runs/" + run + "/stop")).as("a viewer's POST").isEqualTo(403L);

            // when: a user of the run
            page.click(By.cssSelector("#users a.user-link"));
            page.until(d -> !d.findElements(By.cssSelector(".user-run td.answer")).isEmpty());

            // then: their answers as text, and nothing the answers hold ever ran
            assertThat(page.texts(By.cssSelector(".user-run td.answer")))
                    .isNotEmpty().allSatisfy(answer -> assertThat(answer).isIn(MARKUP_ANSWERS));
            assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.pwned")).isEqualTo("undefined");

            // when: a run and a user that do not exist, one id holding markup
            browser.get(webApp + "run.html?id=20991231_CT_NOPE_001");
            page.until(d -> !d.findElements(By.id("not-found")).isEmpty());
            String missingRun = page.text(By.id("not-found"));
            browser.get(webApp + "user.html?id=" + java.net.URLEncoder.encode("<img src=x onerror=window.pwned=3>",
                    java.nio.charset.StandardCharsets.UTF_8));
            page.until(d -> !d.findElements(By.id("not-found")).isEmpty());

            // then: a page that says so, no stack trace, the markup as text
            assertThat(missingRun).contains("Not found", "no run 20991231_CT_NOPE_001").doesNotContain("Exception");
            assertThat(page.text(By.id("not-found")))
                    .contains("<img src=x onerror=window.pwned=3>").doesNotContain("Exception");
            assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.pwned")).isEqualTo("undefined");
        }
    }

    @Test
    void operatorStopsRestartsAndRetriesARunFromItsPage() throws Exception {
        // given: batches that stay in progress for seconds, so the job waits in collect-results
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofSeconds(5)));
        List<String> users = ExperimentWorkspace.users("dash-op", 6);
        Path config = ExperimentWorkspace.writeConfig("dash-operate", emulator.baseUri(), users);
        Files.writeString(config, answersOnALineOfTheirOwn(Files.readString(config)));
        String run = json(api.send(api.post("api/runs", ApiClient.newRun(config)), TestUsers.OPERATOR)).getString("run_id");

        try (HeadlessChromium chromium = HeadlessChromium.start(1100, 1250)) {
            WebDriver browser = logIn(chromium, TestUsers.OPERATOR);
            LivePage page = new LivePage(browser, DEADLINE);
            browser.get(webApp + "run.html?id=" + run);
            page.until(d -> d.findElement(By.cssSelector("#steps li[data-step='uploads_completed']"))
                    .getAttribute("class").contains("done"));

            // when
            page.click(By.id("stop"));

            // then
            page.until(d -> "STOPPED".equals(d.findElement(By.cssSelector("#run-state .state")).getText()));
            assertThat(page.attribute(By.cssSelector("#steps li[data-step='results_received']"), "class"))
                    .doesNotContain("done");

            // when
            page.click(By.id("restart"));

            // then: the page picks the run up again and follows it to the end
            page.until(d -> "COMPLETED".equals(d.findElement(By.cssSelector("#run-state .state")).getText()));
            assertThat(json(api.send(api.get("api/runs/" + run), TestUsers.VIEWER)).getJsonArray("job_executions"))
                    .hasSize(2);
            page.until(d -> d.findElements(By.cssSelector("#users tbody tr[data-user]")).size() == users.size());

            // when: retry missing on a run that misses nothing
            page.click(By.id("retry"));

            // then
            page.until(d -> d.findElement(By.id("action-message")).getText().startsWith("nothing is missing"));
            page.until(d -> d.findElements(By.cssSelector("#counts-chart polyline")).size() == 4);
            screenshot(browser, "run");
            browser.get(webApp + "index.html");
            page.until(d -> !d.findElements(By.cssSelector("#runs tr[data-run='" + run + "']")).isEmpty());
            screenshot(browser, "runs");
            browser.get(webApp + "user.html?id=" + users.get(0));
            page.until(d -> !d.findElements(By.cssSelector(".user-run td.answer")).isEmpty());
            screenshot(browser, "user");
        }
    }

    /** The emulator answers from the allowed answers only when they stand on a line of their own in the prompt. */
    private static String answersOnALineOfTheirOwn(String config) {
        return config.replace("{{text}} Answer with one of:", "{{text}}\\nAnswer with one of:");
    }

    /** BASIC in the address once, so the browser keeps the login; then the address without it, as a person types it. */
    private WebDriver logIn(HeadlessChromium chromium, TestUsers.Credentials user) {
        WebDriver browser = chromium.driver();
        String page = webApp + "index.html";
        browser.get(page.replace("://", "://" + user.name() + ":" + user.password() + "@"));
        browser.get(page);
        new LivePage(browser, DEADLINE).until(d -> d.findElement(By.id("who")).getText().startsWith(user.name()));
        return browser;
    }

    /** A POST the page's own script sends, with the JSON type the API asks of every change; the HTTP status. */
    private static Object postFromPage(WebDriver browser, String path) {
        return ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {method: 'POST', headers: {'Content-Type': 'application/json'}})"
                + ".then(r => done(r.status), e => done(String(e)));", path);
    }

    private static void screenshot(WebDriver browser, String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "dashboard-screenshots"));
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
        Files.write(dir.resolve(name + ".png"), png);
    }
}
