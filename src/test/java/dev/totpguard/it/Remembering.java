package dev.totpguard.it;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Don't ask again on this browser" on the demo realm's enrolled-users prompt (30 days), for the tests of what it
 * allows and what ends it: a browser remembered with a code, a browser holding only its cookie, the records the admin
 * API lists, and the check that a revoked browser is asked for a code again.
 */
final class Remembering {

    static final String COOKIE = "TOTP_GUARD_REMEMBER";

    private Remembering() {
    }

    /**
     * A browser that ticked the box at a correct code of {@code device}: its remember cookie's token, the browser (with
     * the SSO session of that sign-in) and the redirect that set the cookie.
     */
    record Remembered(TotpDevice device, String token, Browser browser, Browser.Page redirect) {
        String username() {
            return device.username();
        }

        String userId() {
            return device.userId();
        }
    }

    /** Signs the device's user in (password, then a code of the device, box ticked) in a fresh browser. */
    static Remembered tick(ManagedRealm realm, TotpDevice device) {
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(browser, device.username());
        assertTrue(prompt.isCodePrompt(), () -> "a user with a device is asked for a code, got " + prompt);
        assertTrue(prompt.body().contains("name=\"rememberBrowser\""), "the demo's enrolled-users prompt offers remembering");
        assertTrue(prompt.body().contains("for 30 days"), "with the admin's number of days");
        Browser.Page done = browser.submit(prompt, Map.of("otp", device.nextCode(), "rememberBrowser", "on"));
        assertTrue(done.isRedirectToClient(), () -> "signed in, got " + done);
        String token = browser.cookie(COOKIE);
        assertNotNull(token, "the browser got the remember cookie");
        return new Remembered(device, token, browser, done);
    }

    /** {@link #tick}, and the check that the next sign-in with the cookie skips the prompt. */
    static Remembered remember(ManagedRealm realm, TotpDevice device) {
        Remembered remembered = tick(realm, device);
        assertTrue(passwordOnly(realm, remembered).isRedirectToClient(), "remembered: the next sign-in skips the prompt");
        return remembered;
    }

    /** A fresh browser holding only the remember cookie {@code token} (no SSO session). */
    static Browser withCookie(ManagedRealm realm, String token) {
        Browser browser = new Browser(realm.getBaseUrl());
        browser.cookie(COOKIE, token);
        return browser;
    }

    /** A fresh browser holding only the remember cookie: the page after the password. */
    static Browser.Page passwordOnly(ManagedRealm realm, Remembered remembered) {
        return DemoRealm.password(withCookie(realm, remembered.token()), remembered.username());
    }

    /** The remembered browsers the admin API lists for the user ({@code GET …/users/{id}/remembered-browsers}). */
    static JsonNode list(ManagedRealm realm, String userId) {
        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply list = api.call("GET", "users/" + userId + "/remembered-browsers", api.masterAdminToken());
        assertEquals(200, list.status(), list::toString);
        return list.json();
    }

    /** How many remembered browsers the admin API lists for the user. */
    static int listed(ManagedRealm realm, String userId) {
        return list(realm, userId).size();
    }

    /** The remembered browser is asked for a code again, and the admin API lists no remembered browser of the user. */
    static void assertPromptedAgain(ManagedRealm realm, Remembered remembered) {
        Browser.Page page = passwordOnly(realm, remembered);
        assertTrue(page.isCodePrompt(), () -> "after the revocation the prompt is back, got " + page);
        JsonNode left = list(realm, remembered.userId());
        assertEquals(0, left.size(), left::toString);
    }
}
