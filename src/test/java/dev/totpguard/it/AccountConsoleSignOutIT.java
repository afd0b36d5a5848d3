package dev.totpguard.it;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Sign out all devices" in Keycloak's own Account Console, clicked in a real browser (headless Chromium), ends the
 * user's remembered browsers. The console (Device activity) shows the button only while the user has another session
 * than the console's own; it then ends every other session ({@code DELETE /realms/{realm}/account/sessions}, one
 * {@code LOGOUT} event each) and signs the console out.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class AccountConsoleSignOutIT {

    private static final By SIGN_OUT_ALL = By.xpath("//button[normalize-space()='Sign out all devices']");
    private static final By SESSION_ROWS = By.cssSelector("[data-testid^='row-']");

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    private WebDriver driver;
    private Chromium.Window window;
    private WebDriverWait wait;

    @BeforeEach
    void startChromium() {
        // wide enough for the console's side navigation to be shown rather than folded away
        driver = Chromium.start("AccountConsoleSignOutIT", 1400, 1000);
        window = new Chromium.Window(driver, Duration.ofSeconds(30));
        wait = window.waiting();
    }

    @AfterEach
    void stopChromium() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void signOutAllDevicesInTheAccountConsoleRevokesTheRememberedBrowser() {
        TotpDevice phone = TotpDevice.importedForNewUser(realm, "console", false);
        String username = phone.username();
        String userId = phone.userId();

        // the laptop: code with "Don't ask again on this browser" ticked, then an ordinary sign-out, which keeps it
        Remembering.Remembered remembered = Remembering.tick(realm, phone);
        Browser laptop = remembered.browser();
        String token = remembered.token();
        signOut(laptop.exchange(remembered.redirect()));
        assertEquals(0, sessions(userId), "the laptop signed out");
        assertEquals(1, Remembering.listed(realm, userId), "an ordinary sign-out keeps the remembered browser");

        // Chromium: the Account Console, password and code; Device activity lists its own session only: no button
        driver.get(realm.getBaseUrl() + "/account/");
        window.waitFor(By.id("username"));
        window.type("username", username);
        window.type("password", username);
        window.click(By.id("kc-login"));
        window.waitFor(By.id("kc-totp-guard-login-form"));
        window.type("otp", phone.nextCode());
        window.click(By.id("kc-login"));
        window.click(By.xpath("//nav//button[normalize-space()='Account security']"));
        window.click(By.xpath("//nav//a[normalize-space()='Device activity']"));
        waitForDeviceActivity();
        assertEquals(1, driver.findElements(SESSION_ROWS).size(), "one session: the console's own");
        assertTrue(driver.findElements(SIGN_OUT_ALL).isEmpty(), "no 'Sign out all devices' with one session");
        assertEquals(1, Remembering.listed(realm, userId), "signing in elsewhere keeps the remembered browser");

        // the laptop signs in again (password only: it is remembered); the reloaded page lists two sessions
        Browser.Page skipped = DemoRealm.password(laptop, username);
        assertTrue(skipped.isRedirectToClient(), () -> "the remembered laptop skips the prompt, got " + skipped);
        assertEquals(2, sessions(userId));
        driver.navigate().refresh();
        waitForDeviceActivity();
        wait.until(ExpectedConditions.numberOfElementsToBe(SESSION_ROWS, 2));

        // "Sign out all devices", then "Confirm" in the console's dialog
        window.click(SIGN_OUT_ALL);
        WebElement confirm = wait.until(ExpectedConditions.elementToBeClickable(By.id("modal-confirm")));
        assertEquals("Confirm", confirm.getText().trim());
        confirm.click();

        // the console ended the laptop's session, then signed itself out: no session is left
        waitUntilNoSession(userId);
        Browser.Page again = DemoRealm.password(Remembering.withCookie(realm, token), username);
        assertTrue(again.isCodePrompt(), () -> "after 'Sign out all devices' the laptop is asked for a code, got " + again);
        JsonNode left = Remembering.list(realm, userId);
        assertEquals(0, left.size(), left::toString);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The Device activity page has loaded its list (the console's Refresh button is rendered with it). */
    private void waitForDeviceActivity() {
        wait.until(ExpectedConditions.urlContains("/account/account-security/device-activity"));
        window.waitFor(By.id("refresh-page"));
        wait.until(ExpectedConditions.presenceOfElementLocated(SESSION_ROWS));
    }

    private void waitUntilNoSession(String userId) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> sessions(userId) == 0);
        } catch (TimeoutException e) {
            throw new AssertionError(sessions(userId) + " session(s) left after 'Sign out all devices'; the browser shows "
                    + driver.getCurrentUrl(), e);
        }
    }

    /** demo-app signs the user out of its SSO session (OIDC logout with the refresh token, as a public client). */
    private void signOut(JsonNode tokens) {
        TokenGrant.Reply reply = TokenGrant.logout(realm.getBaseUrl(), Browser.CLIENT_ID, tokens.get("refresh_token").asText());
        assertEquals(204, reply.status(), reply::toString);
    }

    private int sessions(String userId) {
        return realm.admin().users().get(userId).getUserSessions().size();
    }
}
