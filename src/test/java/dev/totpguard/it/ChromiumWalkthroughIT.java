package dev.totpguard.it;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.utils.Base32;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo as a person sees it, in a real browser (headless Chromium driven by Selenium): carol, who has realm role
 * admin, enrolls by scanning the QR code and signs in with codes; alice, signed in with her password, steps up to
 * {@code acr=gold}. The QR code is decoded from the screenshot itself, so the test proves that the rendered page
 * scans. Screenshots land in {@code target/screenshots}; the README shows two of them from {@code docs/}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them); paths can be
 * overridden with {@code CHROMIUM_BINARY} and {@code CHROMEWEBDRIVER}. Selenium Manager is never used: the network
 * may be closed.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class ChromiumWalkthroughIT {

    static final Path SCREENSHOTS = Path.of(System.getProperty("totpguard.screenshots", "target/screenshots"));
    static final String DEMO_APP = "http://localhost:3000/";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    private HttpServer demoApp;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowserAndDemoApp() throws IOException {
        // a stand-in for demo-app on its redirect URI, so the browser lands on a page instead of an error
        demoApp = HttpServer.create(new InetSocketAddress("127.0.0.1", 3000), 0);
        demoApp.createContext("/", exchange -> {
            byte[] body = "<!doctype html><title>demo-app</title><h1>demo-app: signed in</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        demoApp.start();

        File chromium = new File(env("CHROMIUM_BINARY", "/usr/bin/chromium"));
        File chromedriver = new File(env("CHROMEWEBDRIVER", "/usr/bin/chromedriver"));
        if (chromedriver.isDirectory()) {
            chromedriver = new File(chromedriver, "chromedriver");
        }
        assertTrue(chromium.canExecute() && chromedriver.canExecute(), "needs " + chromium + " and " + chromedriver
                + ": apt-get install chromium chromium-driver (.ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // the network is closed: no background requests, no updates, no sync, no first-run UI
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1000,1300", "--force-device-scale-factor=1", "--lang=en-US", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @AfterEach
    void stopBrowserAndDemoApp() {
        if (driver != null) {
            driver.quit();
        }
        if (demoApp != null) {
            demoApp.stop(0);
        }
    }

    @Test
    void carolEnrollsByScanningTheRenderedQrCodeThenSignsInWithCodes() throws IOException {
        Pkce pkce = new Pkce();
        driver.get(authorizationUrl(pkce));
        signInWithPassword("carol");

        // carol has realm role admin and no device: the enrollment page
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-guard-enroll-form")));
        byte[] enrollShot = screenshot("enroll");
        String uri = decodeQr(enrollShot);
        assertTrue(uri.startsWith("otpauth://totp/TOTP%20Guard%20demo:carol?"), uri);
        TotpDevice phone = TotpDevice.fromOtpauthUri(uri);
        String shownKey = driver.findElement(By.id("totp-guard-key")).getText().replace(" ", "");
        assertEquals(DemoRealm.queryParam(uri, "secret"), shownKey, "the key as text is the one in the QR code");
        assertAccessibleField("otp");
        assertAccessibleField("userLabel");
        String spoken = driver.findElement(By.id("totp-guard-key-spoken")).getAttribute("textContent");
        assertTrue(spoken.contains(shownKey.substring(0, 4).chars().mapToObj(c -> String.valueOf((char) c))
                .collect(Collectors.joining(" "))), "screen readers get the key spelled out in groups: " + spoken);

        // a wrong code: the error is on the field, announced, and the same QR code stays
        type("otp", Codes.wrong(Base32.decode(DemoRealm.queryParam(uri, "secret")), Codes.currentStep(30)));
        type("userLabel", "phone");
        driver.findElement(By.id("saveTOTPBtn")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("input-error-otp")));
        assertFalse(error.getText().isBlank());
        assertEquals("true", driver.findElement(By.id("otp")).getAttribute("aria-invalid"));
        assertTrue(driver.findElement(By.id("otp")).getAttribute("aria-describedby").contains("input-error-otp"));
        assertFalse(driver.findElements(By.cssSelector("[role=alert] #input-error-otp")).isEmpty(), "the error is announced");
        assertEquals("phone", driver.findElement(By.id("userLabel")).getAttribute("value"), "the device name is kept");
        assertEquals("", driver.findElement(By.id("otp")).getAttribute("value"), "the code is not");
        screenshot("enroll-error");
        assertEquals(uri, decodeQr(screenshotBytes()), "the same secret after an error");

        type("otp", phone.nextCode());
        type("userLabel", "phone");
        driver.findElement(By.id("saveTOTPBtn")).click();
        assertEquals("silver", acrAfterRedirect(pkce, "demo-app"), "the enrollment sign-in counts as silver");

        // signed out (new browser session): password, then the code prompt
        signOut();
        Pkce second = new Pkce();
        driver.get(authorizationUrl(second));
        signInWithPassword("carol");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-guard-login-form")));
        assertAccessibleField("otp");
        assertEquals("one-time-code", driver.findElement(By.id("otp")).getAttribute("autocomplete"));
        screenshot("code-prompt");
        type("otp", phone.nextCode());
        driver.findElement(By.id("kc-login")).click();
        assertEquals("gold", acrAfterRedirect(second, "demo-app"));
    }

    @Test
    void aliceStepsUpToGoldWithoutTypingHerPasswordAgain() throws IOException {
        Pkce first = new Pkce();
        driver.get(authorizationUrl(first));
        signInWithPassword("alice");
        assertEquals("silver", acrAfterRedirect(first, "demo-app"), "alice signs in with her password only");

        // demo-app asks for gold: no password again; alice has no device yet, so she sets one up
        Pkce gold = new Pkce();
        driver.get(authorizationUrl(gold, "acr_values", "gold"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-guard-enroll-form")));
        assertTrue(driver.findElements(By.id("password")).isEmpty(), "no password on step-up");
        TotpDevice phone = TotpDevice.fromOtpauthUri(decodeQr(screenshot("step-up-enroll")));
        type("otp", phone.nextCode());
        driver.findElement(By.id("saveTOTPBtn")).click();
        assertEquals("gold", acrAfterRedirect(gold, "demo-app"));

        // gold again, in German this time: level 2 is never reused, so a fresh code
        Pkce again = new Pkce();
        driver.get(authorizationUrl(again, "acr_values", "gold", "ui_locales", "de"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-guard-login-form")));
        assertEquals("Einmalcode eingeben", driver.findElement(By.id("kc-page-title")).getText());
        assertEquals("Einmalcode", driver.findElement(By.cssSelector("label[for=otp]")).getText().trim());
        screenshot("step-up-code-de");
        type("otp", phone.nextCode());
        driver.findElement(By.id("kc-login")).click();
        assertEquals("gold", acrAfterRedirect(again, "demo-app"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Forgets every cookie of every site (Keycloak's are scoped to the realm path), like closing a private window. */
    private void signOut() {
        ((ChromeDriver) driver).executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    private void signInWithPassword(String user) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        type("username", user);
        type("password", user);
        driver.findElement(By.id("kc-login")).click();
    }

    private void type(String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** A visible label tied to the input, and the input's description points at existing text. */
    private void assertAccessibleField(String id) {
        WebElement input = driver.findElement(By.id(id));
        WebElement label = driver.findElement(By.cssSelector("label[for=" + id + "]"));
        assertTrue(label.isDisplayed() && !label.getText().isBlank(), "a visible label for " + id);
        String describedBy = input.getAttribute("aria-describedby");
        assertTrue(describedBy != null && !describedBy.isBlank(), id + " has a description");
        for (String ref : describedBy.split("\\s+")) {
            assertFalse(driver.findElement(By.id(ref)).getText().isBlank(), id + " is described by " + ref);
        }
    }

    private String acrAfterRedirect(Pkce pkce, String clientId) {
        wait.until(ExpectedConditions.urlMatches("^" + Pattern.quote(DEMO_APP)));
        String url = driver.getCurrentUrl();
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(url);
        assertTrue(code.find(), () -> "no authorization code in " + url);
        String body = Map.of("grant_type", "authorization_code", "code", URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
                        "redirect_uri", DEMO_APP, "client_id", clientId, "code_verifier", pkce.verifier).entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response::body);
            JsonNode tokens = new ObjectMapper().readTree(response.body());
            return TotpDevice.idToken(tokens).path("acr").asText(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String authorizationUrl(Pkce pkce, String... extra) {
        StringBuilder url = new StringBuilder(realm.getBaseUrl()).append("/protocol/openid-connect/auth?client_id=demo-app")
                .append("&response_type=code&scope=openid&redirect_uri=").append(enc(DEMO_APP))
                .append("&code_challenge=").append(pkce.challenge).append("&code_challenge_method=S256")
                .append("&state=").append(Long.toHexString(RANDOM.nextLong()));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            url.append('&').append(enc(extra[i])).append('=').append(enc(extra[i + 1]));
        }
        return url.toString();
    }

    /** Saves a screenshot of the page's card (the login theme's main panel) as {@code name.png}; returns the PNG. */
    private byte[] screenshot(String name) throws IOException {
        byte[] png = driver.findElement(By.tagName("main")).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        return png;
    }

    private byte[] screenshotBytes() {
        return driver.findElement(By.tagName("main")).getScreenshotAs(OutputType.BYTES);
    }

    /** Reads the QR code in a screenshot, as a phone's camera would read the screen. */
    private static String decodeQr(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        try {
            return new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))), hints)
                    .getText();
        } catch (NotFoundException e) {
            throw new AssertionError("no QR code in the screenshot", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** PKCE S256, as demo-app requires. */
    private static final class Pkce {
        final String verifier;
        final String challenge;

        Pkce() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
    }
}
