package dev.totpguard.it;

import java.util.Map;

import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Don't ask again on this browser" on the demo realm's enrolled-users prompt, for tests of what ends it: a browser
 * remembered with a code, and the check that it is asked for a code again and that the admin API lists no record.
 */
final class Remembering {

    static final String COOKIE = "TOTP_GUARD_REMEMBER";

    private Remembering() {
    }

    /** A browser that ticked the box at a correct code: its remember cookie's token. */
    record Remembered(String username, String userId, String token) {
    }

    /** Signs the user in (password, then {@code code}, box ticked) in a fresh browser; returns its remember token. */
    static Remembered remember(ManagedRealm realm, String username, String code) {
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(browser, username);
        assertTrue(prompt.isCodePrompt(), () -> "a user with a device is asked for a code, got " + prompt);
        assertTrue(prompt.body().contains("name=\"rememberBrowser\""), "the enrolled-users prompt offers remembering");
        Browser.Page done = browser.submit(prompt, Map.of("otp", code, "rememberBrowser", "on"));
        assertTrue(done.isRedirectToClient(), () -> "signed in, got " + done);
        String token = browser.cookie(COOKIE);
        assertNotNull(token, "the browser got the remember cookie");
        Remembered remembered = new Remembered(username, DemoRealm.userId(realm.admin(), username), token);
        assertTrue(passwordOnly(realm, remembered).isRedirectToClient(), "remembered: the next sign-in skips the prompt");
        return remembered;
    }

    /** A fresh browser holding only the remember cookie: the page after the password. */
    static Browser.Page passwordOnly(ManagedRealm realm, Remembered remembered) {
        Browser browser = new Browser(realm.getBaseUrl());
        browser.cookie(COOKIE, remembered.token());
        return DemoRealm.password(browser, remembered.username());
    }

    /** How many remembered browsers the admin API lists for the user. */
    static int listed(ManagedRealm realm, String userId) {
        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply list = api.call("GET", "users/" + userId + "/remembered-browsers", api.masterAdminToken());
        assertEquals(200, list.status(), list::toString);
        return list.json().size();
    }

    /** The remembered browser is asked for a code again, and the admin API lists no remembered browser of the user. */
    static void assertPromptedAgain(ManagedRealm realm, Remembered remembered) {
        Browser.Page page = passwordOnly(realm, remembered);
        assertTrue(page.isCodePrompt(), () -> "after the revocation the prompt is back, got " + page);
        assertEquals(0, listed(realm, remembered.userId()), "no remembered browser is listed");
    }
}
