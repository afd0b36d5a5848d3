package dev.totpguard.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.totpguard.testing.ExternalTool;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, for the browser tests: Debian's {@code chromium} and {@code chromium-driver}
 * (paths overridable with {@code CHROMIUM_BINARY} and {@code CHROMEWEBDRIVER}); without them the calling test is
 * skipped with one loud line, and fails under {@code ./test.sh}. Selenium Manager is never used: the network may be
 * closed.
 */
final class Chromium {

    private Chromium() {
    }

    /** Chromium's binary: {@code CHROMIUM_BINARY}, else {@code chromium} or {@code chromium-browser} on the PATH. */
    static Optional<Path> binary() {
        return Optional.ofNullable(System.getenv("CHROMIUM_BINARY")).filter(v -> !v.isBlank()).map(Path::of)
                .or(() -> ExternalTool.find("chromium", List.of(Path.of("/usr/bin/chromium"))))
                .or(() -> ExternalTool.find("chromium-browser", List.of()));
    }

    /** A new headless Chromium with an English UI and a window of {@code width} x {@code height}. */
    static ChromeDriver start(String test, int width, int height) {
        Optional<Path> browser = binary();
        Optional<Path> driverPath = Optional.ofNullable(System.getenv("CHROMEWEBDRIVER")).filter(v -> !v.isBlank()).map(Path::of)
                .map(p -> Files.isDirectory(p) ? p.resolve("chromedriver") : p)
                .or(() -> ExternalTool.find("chromedriver", List.of(Path.of("/usr/bin/chromedriver"))));
        Path chromium = ExternalTool.require(browser, "chromium", "chromium (Ubuntu: chromium-browser)", test);
        Path chromedriver = ExternalTool.require(driverPath, "chromedriver", "chromium-driver (Ubuntu: chromium-chromedriver)", test);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // the network is closed: no background requests, no updates, no sync, no first-run UI
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--force-device-scale-factor=1", "--lang=en-US", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * What a test does in a Chromium window, as a person would: wait for an element, click, type; a wait that times out
     * says what the browser shows instead.
     */
    static final class Window {

        private final WebDriver driver;
        private final WebDriverWait wait;

        /** The window of {@code driver}; every wait lasts {@code timeout} at most. */
        Window(WebDriver driver, Duration timeout) {
            this.driver = driver;
            this.wait = new WebDriverWait(driver, timeout);
        }

        WebDriverWait waiting() {
            return wait;
        }

        /** Waits until {@code element} is on the page. */
        void waitFor(By element) {
            try {
                wait.until(ExpectedConditions.presenceOfElementLocated(element));
            } catch (TimeoutException e) {
                throw new AssertionError("expected " + element + ", the browser shows " + shows(), e);
            }
        }

        /** Waits until {@code element} can be clicked, and clicks it. */
        void click(By element) {
            try {
                wait.until(ExpectedConditions.elementToBeClickable(element)).click();
            } catch (TimeoutException e) {
                throw new AssertionError("nothing to click at " + element + ", the browser shows " + shows(), e);
            }
        }

        /** Replaces the text of the field {@code id} with {@code text}. */
        void type(String id, String text) {
            WebElement field = driver.findElement(By.id(id));
            field.clear();
            field.sendKeys(text);
        }

        /** The address, title and (our login theme's marker) template of the page shown. */
        private String shows() {
            Matcher template = Pattern.compile("<!-- template: ([^ ]+) -->").matcher(driver.getPageSource());
            return driver.getCurrentUrl() + " (" + driver.getTitle() + (template.find() ? ", " + template.group(1) : "") + ")";
        }
    }
}
