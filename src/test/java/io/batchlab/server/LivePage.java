package io.batchlab.server;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Reads and clicks a page that re-renders what it polls, as the dashboard does every few seconds: an element found
 * may be replaced before it is read, so every read and click finds its element again until it holds still long enough.
 */
public final class LivePage {

    private final WebDriver driver;
    private final Duration patience;

    public LivePage(WebDriver driver, Duration patience) {
        this.driver = driver;
        this.patience = patience;
    }

    public WebDriver driver() {
        return driver;
    }

    /** The condition's first value that is neither null nor false, within this page's patience. */
    public <T> T until(Function<WebDriver, T> condition) {
        return until(patience, condition);
    }

    public <T> T until(Duration deadline, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, deadline).ignoring(StaleElementReferenceException.class).until(condition);
    }

    public String text(By element) {
        return until(d -> d.findElement(element).getText());
    }

    public List<String> texts(By elements) {
        return until(d -> d.findElements(elements).stream().map(WebElement::getText).toList());
    }

    public String attribute(By element, String name) {
        return until(d -> String.valueOf(d.findElement(element).getAttribute(name)));
    }

    public boolean enabled(By element) {
        return until(d -> String.valueOf(d.findElement(element).isEnabled())).equals("true");
    }

    public void click(By element) {
        until(d -> {
            d.findElement(element).click();
            return true;
        });
    }
}
