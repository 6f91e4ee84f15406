package io.batchlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchlab.emulator.GroqEmulator;
import io.batchlab.store.RunId;
import io.batchlab.store.RunStatus;
import io.batchlab.store.RunStatus.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's console steps, clicked in a real browser: WildFly's web console (HAL) → Runtime → Batch →
 * {@code experiment} → Start with {@code config=…} → View → Stop → Restart, checking what the README says the
 * operator sees and what status.json says about the run. HAL is a GWT application that re-renders as it polls: every
 * step waits for its element, never for a fixed time. Screenshots of each step go to target/console-screenshots/.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@ServerSetup(TestUsers.class)
class ConsoleFlowIT {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Duration RUN = Duration.ofSeconds(120);
    private static final Pattern STARTED = Pattern.compile("Job experiment\\.xml successfully started with execution ID (\\d+)\\.");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @ArquillianResource
    ManagementClient managementClient;

    private GroqEmulator emulator;
    private WebDriver browser;
    private int shots;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SmokeJobDeployment.create();
    }

    @AfterEach
    void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void operatorStartsStopsAndRestartsARunByClickingThroughTheWebConsole() throws Exception {
        // given: batches that stay in progress long enough to stop the run by hand, and a config under the data root
        emulator = ExperimentWorkspace.startEmulator(ExperimentWorkspace.quickBatches(Duration.ofSeconds(20)));
        List<String> users = ExperimentWorkspace.users("console", 3);
        Path config = ExperimentWorkspace.writeConfig("console", emulator.baseUri(), users);
        String relativeConfig = Path.of(System.getProperty("batchlab.it.inputs")).relativize(config).toString();
        Files.createDirectories(SCREENSHOTS);
        try (var old = Files.list(SCREENSHOTS)) {
            for (Path shot : old.toList()) {
                Files.delete(shot);
            }
        }

        try (HeadlessChromium chromium = HeadlessChromium.start(1400, 1000)) {
            browser = chromium.driver();
            try {
                walkThrough(relativeConfig, users);
            } catch (RuntimeException | AssertionError e) {
                shot("failure");
                throw e;
            }
        }
    }

    private void walkThrough(String config, List<String> users) throws Exception {
        // when: logged in (the browser answers the management realm's DIGEST challenge with the cached credentials)
        String management = managementClient.getMgmtAddress() + ":" + managementClient.getMgmtPort();
        browser.get("http://" + TestUsers.ADMIN.name() + ":" + TestUsers.ADMIN.password() + "@" + management
                + "/management");
        browser.get("http://" + management + "/console/index.html");

        // then: Runtime → Server → Monitor: Batch → Job: experiment, subtitled with its deployment
        click(By.id("tlc-runtime"));
        click(By.cssSelector("#standalone-server-column li.finder-item"));
        click(By.id("batch-jberet"));
        By job = By.xpath("//li[starts-with(@id,'job-') and .//span[text()='experiment']]");
        assertThat(text(job)).contains("experiment").contains(SmokeJobDeployment.NAME);
        click(job);
        shot("job");

        // when: Start from the item's drop-down, with config=… typed into Properties and Return
        click(By.xpath("//li[starts-with(@id,'job-') and .//span[text()='experiment']]//button[contains(@class,'dropdown-toggle')]"));
        click(By.xpath("//li[starts-with(@id,'job-') and .//span[text()='experiment']]//ul//a[text()='Start']"));
        visible(By.xpath("//div[contains(@class,'modal-dialog')]//*[text()='Start Job']"));
        assertThat(visible(By.id("job-start-job-job-xml-name-editing")).getAttribute("value")).isEqualTo("experiment.xml");
        visible(By.id("job-start-job-properties-editing")).sendKeys("config=" + config, Keys.RETURN);
        shot("start-dialog");
        click(By.xpath("//div[contains(@class,'modal-dialog')]//button[text()='Start']"));

        // then: the message names the new execution, whose job created the run
        String started = awaitMessage(STARTED);
        Matcher execution = STARTED.matcher(started);
        assertThat(execution.find()).as(started).isTrue();
        long first = Long.parseLong(execution.group(1));
        RunId run = await("the run of execution " + first).atMost(STEP)
                .until(() -> ExperimentWorkspace.runOfExecution(first).orElse(null), r -> r != null);

        // when: View, then Stop on the running execution
        click(By.xpath("//li[starts-with(@id,'job-') and .//span[text()='experiment']]//a[text()='View']"));
        String running = awaitText(By.id("execution-" + first), "Batch Status: STARTED");
        assertThat(running).contains("Execution ID: " + first).contains("Instance ID:").contains("Start:")
                .contains("Finished: n/a").contains("Last Modified:");
        String instance = instanceOf(running);
        shot("executions-running");
        click(By.id("execution-" + first + "-job-execution-stop"));

        // then: stopped at the next poll; the list refreshes itself and offers Restart. HAL's message names the job
        // instance, though it says "execution" (README)
        awaitMessage(literally("Job execution " + instance + " successfully stopped."));
        awaitText(By.id("execution-" + first), "Batch Status: STOPPED");
        assertThat(text(By.id("execution-" + first + "-job-execution-restart"))).isEqualTo("Restart");
        assertThat(awaitState(run, State.STOPPED).counts().completed()).isLessThan(users.size());
        shot("executions-stopped");

        // when: Restart
        click(By.id("execution-" + first + "-job-execution-restart"));

        // then: a new execution of the same job instance takes the stopped one's place and completes the run
        awaitMessage(literally("Job execution " + instance + " successfully restarted."));
        By restarted = By.xpath("//div[starts-with(@id,'execution-') and not(@id='execution-" + first + "')"
                + " and contains(.,'Instance ID: " + instance + "')]");
        String done = awaitText(restarted, "Batch Status: COMPLETED");
        assertThat(done).contains("Finished:").doesNotContain("Finished: n/a");
        assertThat(browser.findElements(By.id("execution-" + first))).as("the stopped execution is no longer listed")
                .isEmpty();
        shot("executions-completed");
        RunStatus completed = awaitState(run, State.COMPLETED);
        assertThat(completed.counts().completed()).isEqualTo(users.size());
        assertThat(completed.steps().resultsReceived()).isTrue();
        assertThat(ExperimentWorkspace.everyoneHasResults(run, users)).isTrue();
    }

    private static String instanceOf(String executionText) {
        Matcher instance = Pattern.compile("Instance ID: (\\d+)").matcher(executionText);
        assertThat(instance.find()).as(executionText).isTrue();
        return instance.group(1);
    }

    private RunStatus awaitState(RunId run, State state) {
        return await("status.json " + state).atMost(RUN).pollInterval(Duration.ofMillis(250))
                .until(() -> ExperimentWorkspace.status(run), status -> status.state() == state);
    }

    /**
     * Clicks the element once it is shown and enabled; HAL re-renders lists while it polls, so it may go stale, and
     * keeps hidden copies of dialogs, so the shown one counts.
     */
    private void click(By element) {
        waiting().until(driver -> {
            WebElement found = shown(driver, element);
            if (found == null || !found.isEnabled()) {
                return false;
            }
            found.click();
            return true;
        });
    }

    private WebElement visible(By element) {
        return waiting().until(driver -> shown(driver, element));
    }

    private static WebElement shown(WebDriver driver, By element) {
        return driver.findElements(element).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    }

    private String text(By element) {
        return waiting().until(driver -> {
            WebElement shown = shown(driver, element);
            return shown == null ? null : shown.getText();
        });
    }

    /** The element's text once it contains {@code expected} (HAL's list refreshes itself while an execution runs). */
    private String awaitText(By element, String expected) {
        return new WebDriverWait(browser, RUN).ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .until(driver -> {
                    String text = driver.findElement(element).getText();
                    return text.contains(expected) ? text : null;
                });
    }

    /**
     * The message matching {@code message}, read in HAL's notification drawer (the bell), which keeps every message:
     * the toast that shows it first goes away after a few seconds, which a slow machine can miss.
     */
    private String awaitMessage(Pattern message) {
        click(By.id("messages-link"));
        String text = new WebDriverWait(browser, STEP).ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElements(By.cssSelector(".drawer-pf-notification")).stream()
                        .map(WebElement::getText).filter(t -> message.matcher(t).find()).findFirst().orElse(null));
        click(By.id("notification-drawer-close"));
        return text;
    }

    private static Pattern literally(String text) {
        return Pattern.compile(Pattern.quote(text));
    }

    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, STEP);
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class)
                .ignoring(ElementClickInterceptedException.class);
        return wait;
    }

    private void shot(String name) throws IOException {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(String.format("%02d-%s.png", ++shots, name)), png);
    }
}
