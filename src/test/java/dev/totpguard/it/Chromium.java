package dev.totpguard.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.totpguard.testing.ExternalTool;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium driven by Selenium, for the browser tests: Debian's {@code chromium} and {@code chromium-driver}
 * (paths overridable with {@code CHROMIUM_BINARY} and {@code CHROMEWEBDRIVER}); without them the calling test is
 * skipped with one loud line, and fails under {@code ./test.sh}. Selenium Manager is never used: the network may be
 * closed.
 */
final class Chromium {

    private Chromium() {
    }

    /** A new headless Chromium with an English UI and a window of {@code width} x {@code height}. */
    static ChromeDriver start(String test, int width, int height) {
        Optional<Path> browser = Optional.ofNullable(System.getenv("CHROMIUM_BINARY")).filter(v -> !v.isBlank()).map(Path::of)
                .or(() -> ExternalTool.find("chromium", List.of(Path.of("/usr/bin/chromium"))))
                .or(() -> ExternalTool.find("chromium-browser", List.of()));
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
}
