package dev.totpguard.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The helpdesk reset ({@code POST …/totp-guard/users/{id}/reset}) signs the user out everywhere, as Keycloak's admin
 * "Sign out" does (sessions ended, the user's not-before time set), unless {@code keepSessions=true}; either way the
 * remembered browsers are revoked, and the admin event says whether sessions were ended and how many.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class ResetSessionsIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    /** A signed-in user: the browser with its SSO session and the tokens of that sign-in. */
    record SignedIn(String username, String userId, Browser browser, String refreshToken, Remembering.Remembered remembered) {
    }

    @Test
    void resetEndsEverySessionAndSetsTheNotBeforeTime() {
        SignedIn user = signedIn("reset-out");
        int sessions = realm.admin().users().get(user.userId()).getUserSessions().size();
        assertTrue(sessions >= 2, "the sign-in's session and the remembering browser's: " + sessions);
        assertEquals(200, refresh(user.refreshToken()).status(), "the refresh token works before the reset");

        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply reply = api.call("POST", "users/" + user.userId() + "/reset", api.masterAdminToken());
        assertEquals(200, reply.status(), reply::toString);

        assertEquals(0, realm.admin().users().get(user.userId()).getUserSessions().size(), "no session is left");
        Integer notBefore = realm.admin().users().get(user.userId()).toRepresentation().getNotBefore();
        assertTrue(notBefore != null && notBefore > 0, "the user's not-before time is set: " + notBefore);
        TokenGrant.Reply refreshed = refresh(user.refreshToken());
        assertEquals(400, refreshed.status(), () -> "the refresh token no longer works, got " + refreshed);
        Browser.Page again = user.browser().openLogin();
        assertTrue(again.isPasswordPage(), () -> "the SSO session is gone: the password is asked, got " + again);
        assertEquals(0, Remembering.listed(realm, user.userId()));

        JsonNode rep = AdminApi.representation(AdminApi.adminEvent(realm.admin(), user.userId(), "reset"));
        assertTrue(rep.get("sessionsEnded").asBoolean(), rep::toString);
        assertEquals(sessions, rep.get("sessionsEndedCount").asInt(), rep::toString);
        assertEquals(1, rep.get("rememberedBrowsersRevoked").asInt(), rep::toString);
    }

    @Test
    void keepSessionsTrueKeepsThemButStillRevokesTheRememberedBrowsers() {
        SignedIn user = signedIn("reset-keep");
        int sessions = realm.admin().users().get(user.userId()).getUserSessions().size();

        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply reply = api.call("POST", "users/" + user.userId() + "/reset?keepSessions=true", api.masterAdminToken());
        assertEquals(200, reply.status(), reply::toString);

        assertEquals(sessions, realm.admin().users().get(user.userId()).getUserSessions().size(), "the sessions are kept");
        Integer notBefore = realm.admin().users().get(user.userId()).toRepresentation().getNotBefore();
        assertTrue(notBefore == null || notBefore == 0, "no not-before time: " + notBefore);
        TokenGrant.Reply refreshed = refresh(user.refreshToken());
        assertEquals(200, refreshed.status(), () -> "the refresh token still works, got " + refreshed);
        Browser.Page again = user.browser().openLogin();
        assertFalse(again.isPasswordPage(), () -> "the SSO session is kept: no password asked, got " + again);

        // the remembered browser no longer skips: it meets the enrollment the reset requires, and no record is left
        assertEquals(0, Remembering.listed(realm, user.userId()));
        Browser.Page remembered = Remembering.passwordOnly(realm, user.remembered());
        assertTrue(remembered.isEnrollment(), () -> "the next sign-in enrolls a new device, got " + remembered);

        JsonNode rep = AdminApi.representation(AdminApi.adminEvent(realm.admin(), user.userId(), "reset"));
        assertFalse(rep.get("sessionsEnded").asBoolean(), rep::toString);
        assertEquals(0, rep.get("sessionsEndedCount").asInt(), rep::toString);
        assertEquals(1, rep.get("rememberedBrowsersRevoked").asInt(), rep::toString);
    }

    @Test
    void anUnclearKeepSessionsValueIsRefusedAndChangesNothing() {
        SignedIn user = signedIn("reset-typo");
        int sessions = realm.admin().users().get(user.userId()).getUserSessions().size();
        AdminApi api = new AdminApi(realm.getName());
        for (String value : new String[]{"yes", "1", "keep"}) {
            AdminApi.Reply reply = api.call("POST", "users/" + user.userId() + "/reset?keepSessions=" + value,
                    api.masterAdminToken());
            assertEquals(400, reply.status(), () -> "keepSessions=" + value + ": " + reply);
            assertTrue(reply.body().contains("keepSessions"), reply::toString);
        }
        assertEquals(1, DemoRealm.devices(realm.admin(), user.username()).size(), "the device is kept");
        assertEquals(sessions, realm.admin().users().get(user.userId()).getUserSessions().size(), "the sessions too");
        assertEquals(1, Remembering.listed(realm, user.userId()), "and the remembered browser");
        AdminApi.Reply explicit = api.call("POST", "users/" + user.userId() + "/reset?keepSessions=false", api.masterAdminToken());
        assertEquals(200, explicit.status(), explicit::toString);
        assertEquals(0, realm.admin().users().get(user.userId()).getUserSessions().size(), "false ends them, as the default");
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A user with an imported device, a remembered browser, and a browser signed in with a code (SSO and tokens). */
    private SignedIn signedIn(String prefix) {
        TotpDevice device = TotpDevice.importedForNewUser(realm, prefix, false);
        Remembering.Remembered remembered = Remembering.remember(realm, device);
        DemoRealm.SignedIn signedIn = DemoRealm.signIn(realm, device);
        String refreshToken = signedIn.tokens().get("refresh_token").asText();
        return new SignedIn(device.username(), device.userId(), signedIn.browser(), refreshToken, remembered);
    }

    /** The refresh grant of demo-app (a public client). */
    private TokenGrant.Reply refresh(String refreshToken) {
        return TokenGrant.refresh(realm.getBaseUrl(), Browser.CLIENT_ID, refreshToken);
    }
}
