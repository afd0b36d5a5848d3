package dev.totpguard.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.utils.Base32;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo as a person sees it, in a real browser (headless Chromium driven by Selenium): carol, who has realm role
 * admin, enrolls by scanning the QR code and signs in with codes; alice, signed in with her password, steps up to
 * {@code acr=gold}. The QR code is decoded from the screenshot itself, so the test proves that the rendered page
 * scans. Screenshots land in {@code target/screenshots}; the README shows two of them from {@code docs/}. dora enrolls
 * with the keyboard alone, in German. axe-core ({@link Axe}) checks our pages on the way, in English and German: the
 * enrollment (and after a wrong code), the code prompt, the page after a recovery code and "contact your
 * administrator"; a violation of impact serious or critical fails the test.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}, and axe-core from npm ({@code ./test.sh} installs
 * them; without them the test is skipped with one loud line, and fails under {@code ./test.sh}); paths can be
 * overridden with {@code CHROMIUM_BINARY} and {@code CHROMEWEBDRIVER}. Selenium Manager is never used: the network may be closed.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class ChromiumWalkthroughIT {

    static final Path SCREENSHOTS = Path.of(System.getProperty("totpguard.screenshots", "target/screenshots"));
    static final String DEMO_APP = "http://localhost:3000/";
    static final String ADMIN_PORTAL = "http://localhost:3001/";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private List<HttpServer> demoApps;
    private WebDriver driver;
    private Chromium.Window window;
    private WebDriverWait wait;
    private Axe axe;

    @BeforeEach
    void startBrowserAndDemoApp() throws IOException {
        driver = Chromium.start("ChromiumWalkthroughIT", 1000, 1300);
        axe = Axe.load("ChromiumWalkthroughIT");
        window = new Chromium.Window(driver, Duration.ofSeconds(20));
        wait = window.waiting();
        // the README's demo page, on the redirect URIs of demo-app (3000) and admin-portal (3001)
        demoApps = List.of(serve(3000), serve(3001));
    }

    @AfterEach
    void stopBrowserAndDemoApp() {
        if (driver != null) {
            driver.quit();
        }
        if (demoApps != null) {
            demoApps.forEach(server -> server.stop(0));
        }
    }

    @Test
    void carolEnrollsByScanningTheRenderedQrCodeThenSignsInWithCodes() throws IOException {
        driver.get(DEMO_APP);
        window.click(By.id("sign-in"));
        signInWithPassword("carol");

        // carol has realm role admin and no device: the enrollment page
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-guard-enroll-form")));
        byte[] enrollShot = screenshot("enroll");
        String uri = QrReader.decodeScreenshot(enrollShot);
        assertTrue(uri.startsWith("otpauth://totp/TOTP%20Guard%20demo:carol?"), uri);
        TotpDevice phone = TotpDevice.fromOtpauthUri(uri);
        String shownKey = driver.findElement(By.id("totp-guard-key")).getText().replace(" ", "");
        assertEquals(DemoRealm.queryParam(uri, "secret"), shownKey, "the key as text is the one in the QR code");
        assertAccessibleField("otp");
        assertAccessibleField("userLabel");
        axe.check(driver, "enrollment, en");
        String spoken = driver.findElement(By.id("totp-guard-key-spoken")).getAttribute("textContent");
        assertTrue(spoken.contains(shownKey.substring(0, 4).chars().mapToObj(c -> String.valueOf((char) c))
                .collect(Collectors.joining(" "))), "screen readers get the key spelled out in groups: " + spoken);

        // a wrong code: the error is on the field, announced, and the same QR code stays
        window.type("otp", Codes.wrong(Base32.decode(DemoRealm.queryParam(uri, "secret")), Codes.currentStep(30)));
        window.type("userLabel", "phone");
        window.click(By.id("saveTOTPBtn"));
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("input-error-otp")));
        assertFalse(error.getText().isBlank());
        assertEquals("true", driver.findElement(By.id("otp")).getAttribute("aria-invalid"));
        assertTrue(driver.findElement(By.id("otp")).getAttribute("aria-describedby").contains("input-error-otp"));
        assertFalse(driver.findElements(By.cssSelector("[role=alert] #input-error-otp")).isEmpty(), "the error is announced");
        assertEquals("phone", driver.findElement(By.id("userLabel")).getAttribute("value"), "the device name is kept");
        assertEquals("", driver.findElement(By.id("otp")).getAttribute("value"), "the code is not");
        screenshot("enroll-error");
        axe.check(driver, "enrollment after a wrong code, en");
        assertEquals(uri, QrReader.decodeScreenshot(screenshotBytes()), "the same secret after an error");

        assertTrue(driver.findElement(By.id("recoveryCodes")).isSelected(), "recovery codes are offered, ticked");
        window.type("otp", phone.nextCode());
        window.click(By.id("saveTOTPBtn"));
        saveRecoveryCodes("recovery-codes");
        assertEquals("silver", acrShownByDemoApp(DEMO_APP), "the enrollment sign-in counts as silver");

        // signed out: password, then the code prompt
        window.click(By.id("sign-out"));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Not signed in."));
        window.click(By.id("sign-in"));
        signInWithPassword("carol");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-guard-login-form")));
        assertAccessibleField("otp");
        assertEquals("one-time-code", driver.findElement(By.id("otp")).getAttribute("autocomplete"));
        screenshot("code-prompt");
        axe.check(driver, "code prompt, en");
        window.type("otp", phone.nextCode());
        window.click(By.id("kc-login"));
        assertEquals("gold", acrShownByDemoApp(DEMO_APP));

        // admin-portal, on the same SSO session: a fresh code, no password
        driver.get(ADMIN_PORTAL);
        window.click(By.id("sign-in"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-guard-login-form")));
        assertTrue(driver.findElements(By.id("password")).isEmpty(), "no password on the SSO session");
        timeOffSet.set(60); // admin-portal takes the current step only: the next one, without waiting for it
        window.type("otp", phone.currentCode(60));
        window.click(By.id("kc-login"));
        assertEquals("gold", acrShownByDemoApp(ADMIN_PORTAL));
        axe.assertNoSeriousOrCritical();
    }

    @Test
    void aliceStepsUpToGoldWithoutTypingHerPasswordAgain() throws IOException {
        driver.get(DEMO_APP);
        window.click(By.id("sign-in"));
        signInWithPassword("alice");
        assertEquals("silver", acrShownByDemoApp(DEMO_APP), "alice signs in with her password only");

        // demo-app asks for gold: no password again; alice has no device yet, so she sets one up
        window.click(By.id("step-up"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-guard-enroll-form")));
        assertTrue(driver.findElements(By.id("password")).isEmpty(), "no password on step-up");
        TotpDevice phone = TotpDevice.fromOtpauthUri(QrReader.decodeScreenshot(screenshot("step-up-enroll")));
        window.type("otp", phone.nextCode());
        window.click(By.id("saveTOTPBtn"));
        List<String> recoveryCodes = saveRecoveryCodes("step-up-recovery-codes");
        assertEquals("gold", acrShownByDemoApp(DEMO_APP));

        // gold again, and alice switches the page to German: level 2 is never reused, so a fresh code
        window.click(By.id("step-up"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-totp-guard-login-form")));
        Select languages = new Select(driver.findElement(By.id("login-select-toggle")));
        languages.getOptions().stream().filter(o -> o.getAttribute("value").contains("kc_locale=de")).findFirst()
                .orElseThrow(() -> new AssertionError("no German in the language menu")).click();
        wait.until(ExpectedConditions.textToBe(By.id("kc-page-title"), "Einmalcode eingeben"));
        assertEquals("Einmalcode", driver.findElement(By.cssSelector("label[for=otp]")).getText().trim());
        assertAccessibleField("otp");
        screenshot("step-up-code-de");
        axe.check(driver, "code prompt, de");
        window.type("otp", phone.nextCode());
        window.click(By.id("kc-login"));
        assertEquals("gold", acrShownByDemoApp(DEMO_APP));
        screenshotOfPage("demo-app");

        // signed out and in again: the code prompt for users with a device offers to remember this browser
        window.click(By.id("sign-out"));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Not signed in."));
        window.click(By.id("sign-in"));
        signInWithPassword("alice");
        window.waitFor(By.id("kc-totp-guard-login-form"));
        WebElement remember = driver.findElement(By.id("rememberBrowser"));
        assertTrue(remember.isDisplayed() && !remember.isSelected(), "offered, not ticked");
        assertTrue(driver.findElement(By.cssSelector("label[for=rememberBrowser]")).getText().contains("30"),
                "the label names the admin's number of days");
        driver.findElement(By.cssSelector("label[for=rememberBrowser]")).click();
        assertTrue(remember.isSelected(), "the label ticks the box");
        screenshot("remember-browser");
        window.type("otp", phone.nextCode());
        window.click(By.id("kc-login"));
        assertEquals("gold", acrShownByDemoApp(DEMO_APP));

        // and once more: password only on this browser, at silver
        window.click(By.id("sign-out"));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Not signed in."));
        window.click(By.id("sign-in"));
        signInWithPassword("alice");
        assertEquals("silver", acrShownByDemoApp(DEMO_APP), "a remembered browser skips the prompt and stays silver");

        // alice loses her phone, on another browser: "Try another way", a recovery code, then the new phone
        window.click(By.id("sign-out"));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Not signed in."));
        driver.get(realm.getBaseUrl() + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies(); // the realm's cookies: the remembered browser and the SSO session
        driver.get(DEMO_APP);
        window.click(By.id("sign-in"));
        signInWithPassword("alice");
        window.waitFor(By.id("kc-totp-guard-login-form"));
        // alice switched the pages to German earlier: back to English for the screenshots
        Select english = new Select(driver.findElement(By.id("login-select-toggle")));
        english.getOptions().stream().filter(o -> o.getAttribute("value").contains("kc_locale=en")).findFirst()
                .orElseThrow(() -> new AssertionError("no English in the language menu")).click();
        wait.until(ExpectedConditions.textToBe(By.id("kc-page-title"), "Enter your one-time code"));
        window.click(By.id("try-another-way"));
        WebElement recoveryChoice = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[@role='button'][contains(., 'Recovery')]")));
        screenshot("try-another-way");
        recoveryChoice.click();
        WebElement codeField = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recoveryCodeInput")));
        String asked = driver.findElement(By.cssSelector("label[for=recoveryCodeInput]")).getText();
        int number = Integer.parseInt(asked.replaceAll("[^0-9]", ""));
        codeField.sendKeys(recoveryCodes.get(number - 1));
        window.click(By.id("kc-login"));

        // the visit after a recovery code: codes left, the lost phone to remove, then the new one
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("totp-guard-recovery-used")));
        assertTrue(driver.findElement(By.id("totp-guard-recovery-used")).getText().contains("11"));
        screenshot("recovery-new-device");
        axe.check(driver, "after a recovery code, en");
        window.click(By.id("totp-guard-remove-0"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("totp-guard-remove-0")));
        TotpDevice newPhone = TotpDevice.fromOtpauthUri(QrReader.decodeScreenshot(screenshotBytes()));
        window.type("otp", newPhone.nextCode());
        window.type("userLabel", "new phone");
        window.click(By.id("saveTOTPBtn"));
        saveRecoveryCodes("recovery-codes-again");
        assertEquals("gold", acrShownByDemoApp(DEMO_APP), "a recovery code is a second factor");
        axe.assertNoSeriousOrCritical();
    }

    /**
     * dora, an admin without a device, picks German on the sign-in page and sets up her phone with the keyboard alone
     * (typing, Tab, Space, Enter; nothing clicked); later, on another browser, she signs in with a recovery code.
     * Then, with enrollment turned off in the realm, erin is told to contact her administrator, in German and in
     * English. axe checks our pages on the way (the English enrollment, prompt and after-recovery pages are checked
     * in the two walkthroughs above).
     */
    @Test
    void doraEnrollsWithTheKeyboardAloneInGermanAndThePagesPassAxe() throws IOException {
        String dora = DemoRealm.createUser(realm.admin(), "dora", true);
        driver.get(DEMO_APP);
        window.click(By.id("sign-in"));
        chooseLanguage("de");
        signInWithKeys(dora);

        window.waitFor(By.id("kc-totp-guard-enroll-form"));
        assertEquals("Authenticator-App einrichten", driver.findElement(By.id("kc-page-title")).getText().trim());
        axe.check(driver, "enrollment, de");
        TotpDevice phone = TotpDevice.fromOtpauthUri(QrReader.decodeScreenshot(screenshotBytes()));
        assertFocused("otp", "the code field has the focus");
        keys(phone.nextCode());
        tabTo("userLabel", 1);
        keys("Telefon");
        tabTo("recoveryCodes", 1);
        assertTrue(driver.findElement(By.id("recoveryCodes")).isSelected(), "recovery codes offered, ticked");
        tabTo("saveTOTPBtn", 1);
        keys(Keys.ENTER);

        // Keycloak's recovery-codes page, by keyboard too
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-codes-list")));
        List<String> recoveryCodes = driver.findElements(By.cssSelector("#kc-recovery-codes-list li")).stream()
                .map(WebElement::getText).map(String::trim).toList();
        tabTo("kcRecoveryCodesConfirmationCheck", 12);
        keys(Keys.SPACE);
        assertTrue(driver.findElement(By.id("kcRecoveryCodesConfirmationCheck")).isSelected());
        tabTo("saveRecoveryAuthnCodesBtn", 4);
        keys(Keys.ENTER);
        assertEquals("silver", acrShownByDemoApp(DEMO_APP), "enrolled by keyboard: signed in");
        assertEquals(List.of("Telefon"), DemoRealm.devices(realm.admin(), dora).stream()
                .map(CredentialRepresentation::getUserLabel).toList());

        // another browser: a recovery code, then the page after it, in German
        freshBrowser();
        window.click(By.id("sign-in"));
        chooseLanguage("de");
        signInWithPassword(dora);
        window.waitFor(By.id("kc-totp-guard-login-form"));
        window.click(By.id("try-another-way"));
        wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//div[@role='button'][contains(., 'Wiederherstellungscode')]"))).click();
        WebElement codeField = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("recoveryCodeInput")));
        String asked = driver.findElement(By.cssSelector("label[for=recoveryCodeInput]")).getText();
        codeField.sendKeys(recoveryCodes.get(Integer.parseInt(asked.replaceAll("[^0-9]", "")) - 1));
        window.click(By.id("kc-login"));
        window.waitFor(By.id("totp-guard-recovery-used"));
        assertTrue(driver.findElement(By.id("totp-guard-recovery-used")).getText().contains("Verbleibende"));
        axe.check(driver, "after a recovery code, de");

        // enrollment turned off: a user who must have a device is told to contact the administrator
        RequiredActions.turnOff(realm, RequiredActions.ENROLL);
        String erin = DemoRealm.createUser(realm.admin(), "erin", true);
        for (String language : List.of("de", "en")) {
            freshBrowser();
            window.click(By.id("sign-in"));
            chooseLanguage(language);
            signInWithPassword(erin);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"),
                    language.equals("de") ? "wenden Sie sich an Ihre Administration" : "contact your administrator"));
            axe.check(driver, "contact your administrator, " + language);
        }
        axe.assertNoSeriousOrCritical();
    }
    /** Keycloak's recovery-codes page: reads the codes, confirms they are kept, saves; returns the codes. */
    private List<String> saveRecoveryCodes(String screenshotName) throws IOException {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-recovery-codes-list")));
        List<String> codes = driver.findElements(By.cssSelector("#kc-recovery-codes-list li")).stream()
                .map(WebElement::getText).map(String::trim).toList();
        assertEquals(12, codes.size(), "Keycloak's set of recovery codes");
        screenshot(screenshotName);
        driver.findElement(By.id("kcRecoveryCodesConfirmationCheck")).click();
        window.click(By.id("saveRecoveryAuthnCodesBtn"));
        return codes;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void signInWithPassword(String user) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        window.type("username", user);
        window.type("password", user);
        driver.findElement(By.id("kc-login")).click();
    }

    /** The demo page on a browser without the realm's cookies (no SSO session, no remembered browser, no language). */
    private void freshBrowser() {
        driver.get(realm.getBaseUrl() + "/.well-known/openid-configuration");
        driver.manage().deleteAllCookies();
        driver.get(DEMO_APP);
    }

    /** The language menu of the sign-in page: goes where its entry for {@code tag} leads (kc_locale). */
    private void chooseLanguage(String tag) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        Select languages = new Select(driver.findElement(By.id("login-select-toggle")));
        String url = languages.getOptions().stream().map(o -> o.getAttribute("value"))
                .filter(v -> v.contains("kc_locale=" + tag)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + tag + " in the language menu"));
        driver.get(java.net.URI.create(driver.getCurrentUrl()).resolve(url).toString());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", tag));
    }

    /** The sign-in page by keyboard: the username field has the focus; Tab to the password, Enter. */
    private void signInWithKeys(String user) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertFocused("username", "the username field has the focus");
        keys(user);
        tabTo("password", 1);
        keys(user, Keys.ENTER);
    }

    /** Key presses sent to whatever has the focus, as a keyboard would. */
    private void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Presses Tab until the element {@code id} has the focus, at most {@code most} times. */
    private void tabTo(String id, int most) {
        for (int i = 0; i < most; i++) {
            keys(Keys.TAB);
            if (id.equals(driver.switchTo().activeElement().getAttribute("id"))) {
                return;
            }
        }
        throw new AssertionError("#" + id + " not reached with " + most + " Tab presses; focus on #"
                + driver.switchTo().activeElement().getAttribute("id"));
    }

    private void assertFocused(String id, String message) {
        assertEquals(id, driver.switchTo().activeElement().getAttribute("id"), message);
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

    /** Back on the demo page at {@code appUrl}: the acr of the ID token it received. */
    private String acrShownByDemoApp(String appUrl) {
        wait.until(ExpectedConditions.urlMatches("^" + Pattern.quote(appUrl) + "$"));
        // the page exchanges the code, then shows the claims, or an error
        wait.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("claims")),
                ExpectedConditions.visibilityOfElementLocated(By.id("error"))));
        assertFalse(driver.findElement(By.id("error")).isDisplayed(), () -> driver.findElement(By.id("error")).getText());
        return driver.findElement(By.id("acr")).getText();
    }

    /** Serves the demo page ({@code demo-app/index.html}) on a port of localhost, as {@code python3 -m http.server} would. */
    private static HttpServer serve(int port) throws IOException {
        byte[] page = Files.readAllBytes(Path.of("demo-app/index.html"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            boolean index = exchange.getRequestURI().getPath().equals("/");
            byte[] body = index ? page : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(index ? 200 : 404, index ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Saves a screenshot of the page's card (the login theme's main panel) as {@code name.png}; returns the PNG. */
    private byte[] screenshot(String name) throws IOException {
        byte[] png = driver.findElement(By.tagName("main")).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        return png;
    }

    /** The whole browser window, for pages outside the login theme. */
    private void screenshotOfPage(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
    }

    private byte[] screenshotBytes() {
        return driver.findElement(By.tagName("main")).getScreenshotAs(OutputType.BYTES);
    }
}
