package dev.inference.gateway.console;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian chromium driven through its chromedriver, with explicit waits that outlast the console's
 * re-rendering (an element replaced between finding and clicking it is found again).
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Duration timeout;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver, Duration timeout) {
        this.driver = driver;
        this.timeout = timeout;
        this.wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
    }

    /** Starts chromium, or fails saying what to install: CI installs it (.ci/run), so a missing one is an error. */
    static Browser start(Duration timeout) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("ConsoleIT drives Debian's headless chromium: %s and %s are missing. Install them with "
                    + "`apt-get install -y chromium chromium-driver` (.ci/run does).", CHROMIUM, CHROMEDRIVER);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--disable-gpu", "--no-first-run", "--lang=en-GB");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new Browser(new ChromeDriver(service, options), timeout);
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks the element once it is there, visible and enabled, finding it again if the page replaced it. */
    void click(By by) {
        wait.until(d -> {
            try {
                WebElement element = d.findElement(by);
                if (!element.isDisplayed() || !element.isEnabled()) {
                    return false;
                }
                element.click();
                return true;
            } catch (StaleElementReferenceException | ElementClickInterceptedException
                    | org.openqa.selenium.NoSuchElementException e) {
                return false;
            }
        });
    }

    void type(By by, String text) {
        WebElement element = find(by);
        element.clear();
        element.sendKeys(text);
    }

    void select(By by, String value) {
        new Select(find(by)).selectByValue(value);
    }

    /** Confirms the console's confirmation dialog. */
    void confirm() {
        click(By.cssSelector("dialog[open] [data-test=confirm-ok]"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog[open]")));
    }

    void until(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(100)).withMessage(what).until(d -> {
            try {
                return condition.apply(d);
            } catch (StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                return false;
            }
        });
    }

    /** Waits until the element's data-value (the API's name for a status or phase) is the one given. */
    void untilValue(By by, String value) {
        until(by + " shows " + value, d -> value.equals(d.findElement(by).getAttribute("data-value")));
    }

    void untilText(By by, String text) {
        until(by + " contains \"" + text + "\"", d -> d.findElement(by).getText().contains(text));
    }

    /** The data-value of every element the CSS selector finds, read in one go (the page re-renders meanwhile). */
    @SuppressWarnings("unchecked")
    List<String> values(String css) {
        return (List<String>) driver.executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.dataset.value)", css);
    }

    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        driver.executeScript("window.scrollTo(0, 0)");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** What the page said and showed, for a failure's message. */
    String diagnostics() {
        try {
            String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString)
                    .collect(Collectors.joining("\n"));
            return "--- browser console:\n" + console + "\n--- page text:\n"
                    + driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(no diagnostics: " + e + ")";
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
