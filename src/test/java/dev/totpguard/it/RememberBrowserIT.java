package dev.totpguard.it;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpguard.it.Remembering.Remembered;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Don't ask again on this browser" (the demo realm allows it, for 30 days, on the enrolled-users prompt only): a
 * remembered browser skips the prompt for its user after the password, at silver, and for nothing else; it is gone
 * after every kind of revocation and after its expiry (server clock moved, no sleeping).
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class RememberBrowserIT {

    static final String TYPE = "totp-guard-remembered-browser";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @Test
    void aRememberedBrowserSkipsThePromptAtSilverAndTheEventAndMetricSaySo() {
        Scrape before = Scrape.now();
        Remembered remembered = remember();
        String setCookie = remembered.redirect().headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie")).flatMap(e -> e.getValue().stream())
                .filter(c -> c.startsWith(Remembering.COOKIE + "=")).findFirst().orElseThrow();
        String attributes = setCookie.toLowerCase(Locale.ROOT);
        assertTrue(attributes.contains("httponly"), setCookie);
        assertTrue(attributes.contains("samesite=strict"), setCookie);
        assertTrue(attributes.contains("path=/realms/" + realm.getName().toLowerCase(Locale.ROOT) + "/"), setCookie);
        assertTrue(attributes.contains("max-age=2592000"), "30 days: " + setCookie);
        assertFalse(attributes.contains("secure"), "plain http (the tests): not Secure; over https it is");
        assertTrue(remembered.token().matches("[A-Za-z0-9_-]{43}"), "256 random bits, Base64url");

        // the next sign-in on that browser: password only, and still silver
        Browser browser = Remembering.withCookie(realm, remembered.token());
        Browser.Page done = DemoRealm.password(browser, remembered.username());
        assertTrue(done.isRedirectToClient(), () -> "a remembered browser skips the prompt, got " + done);
        assertEquals("silver", browser.acr(done), "a remembered browser never raises the level");

        // the admin API lists it, without token or hash
        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply list = api.call("GET", "users/" + remembered.userId() + "/remembered-browsers", api.masterAdminToken());
        assertEquals(200, list.status(), list::toString);
        assertEquals(1, list.json().size(), list::toString);
        JsonNode record = list.json().get(0);
        String id = record.get("id").asText();
        assertTrue(record.get("browser").asText().length() > 0);
        long created = record.get("created").asLong();
        assertEquals(30L * 86_400_000L, record.get("expires").asLong() - created);
        assertTrue(record.get("lastUsed").asLong() >= created, "the skip set last used");
        assertFalse(list.body().contains(remembered.token()), "no token in the admin API");
        assertFalse(list.body().contains(sha256(remembered.token())), "no hash in the admin API");
        assertFalse(list.body().toLowerCase(Locale.ROOT).contains("hash"), list.body());

        // the LOGIN event says why no code was asked, and which record, never the token
        List<EventRepresentation> logins = DemoRealm.events(realm.admin(), remembered.username(), "LOGIN");
        EventRepresentation skipped = logins.stream()
                .filter(e -> e.getDetails() != null && "remembered_browser".equals(e.getDetails().get("totp_skipped")))
                .findFirst().orElseThrow(() -> new AssertionError("no LOGIN with totp_skipped"));
        assertEquals(id, skipped.getDetails().get("remembered_browser_id"));
        EventRepresentation rememberedLogin = logins.stream()
                .filter(e -> e.getDetails() != null && "30".equals(e.getDetails().get("remembered_days")))
                .findFirst().orElseThrow(() -> new AssertionError("no LOGIN with remembered_days"));
        assertEquals(id, rememberedLogin.getDetails().get("remembered_browser_id"));
        DemoRealm.assertNowhere(List.of(remembered.token(), sha256(remembered.token())),
                DemoRealm.events(realm.admin(), remembered.username()));

        Scrape after = Scrape.now();
        String name = "totp_guard_prompts_skipped_total";
        assertEquals(1.0, Scrape.delta(before, after, name, "realm", realm.getName(), "reason", "remembered_browser"), 1e-9);
        assertEquals(1.0, Scrape.delta(before, after, "totp_guard_browsers_remembered_total", "realm", realm.getName()), 1e-9);
    }

    @Test
    void withoutTheBoxTickedNothingIsRemembered() {
        TotpDevice member = TotpDevice.importedForNewUser(realm, "remember", false);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(browser, member.username());
        Browser.Page done = browser.submit(prompt, Map.of("otp", member.nextCode()));
        assertTrue(done.isRedirectToClient(), () -> "signed in, got " + done);
        assertNull(browser.cookie(Remembering.COOKIE));
        assertTrue(DemoRealm.password(new Browser(realm.getBaseUrl()), member.username()).isCodePrompt());
    }

    @Test
    void goldStepUpAndAdminPortalStillAskForTheCode() {
        Remembered remembered = remember();
        String user = remembered.username();

        Browser gold = Remembering.withCookie(realm, remembered.token());
        Browser.Page login = gold.openLogin("acr_values", "gold");
        Browser.Page prompt = gold.submitPassword(login, user);
        assertTrue(prompt.isCodePrompt(), () -> "gold needs a code, got " + prompt);
        assertFalse(prompt.body().contains("name=\"rememberBrowser\""), "the step-up prompt does not offer remembering");
        Browser.Page done = gold.submit(prompt, Map.of("otp", remembered.device().nextCode()));
        assertEquals("gold", gold.acr(done));

        Browser portal = Remembering.withCookie(realm, remembered.token());
        Browser.Page portalLogin = portal.openLoginAt(Browser.ADMIN_PORTAL, Browser.ADMIN_PORTAL_REDIRECT_URI);
        Browser.Page portalPrompt = portal.submitPassword(portalLogin, user);
        assertTrue(portalPrompt.isCodePrompt(), () -> "admin-portal (minimum ACR gold) needs a code, got " + portalPrompt);

        // a silver SSO session made by the skip, then a request for gold: the code
        Browser session = Remembering.withCookie(realm, remembered.token());
        Browser.Page silver = DemoRealm.password(session, user);
        assertTrue(silver.isRedirectToClient());
        Browser.Page stepUp = session.openLogin("acr_values", "gold");
        assertTrue(stepUp.isCodePrompt(), () -> "step-up on a remembered sign-in asks for the code, got " + stepUp);
    }

    @Test
    void theAdminSubFlowStillAsks() {
        Remembered remembered = remember();
        realm.admin().users().get(remembered.userId()).roles().realmLevel()
                .add(List.of(realm.admin().roles().get("admin").toRepresentation()));
        Browser browser = Remembering.withCookie(realm, remembered.token());
        Browser.Page page = DemoRealm.password(browser, remembered.username());
        assertTrue(page.isCodePrompt(), () -> "the admins' execution does not allow remembering, got " + page);
        assertFalse(page.body().contains("name=\"rememberBrowser\""), "and does not offer it");
    }

    @Test
    void theCookieAloneSignsNobodyIn() {
        Remembered remembered = remember();
        String user = remembered.username();
        Browser thief = Remembering.withCookie(realm, remembered.token());
        Browser.Page login = thief.openLogin();
        assertTrue(login.isPasswordPage(), () -> "the cookie does not skip the password, got " + login);
        Browser.Page wrong = thief.submit(login, Map.of("username", user, "password", "not-" + user));
        assertTrue(wrong.isPasswordPage() && !wrong.isRedirectToClient() && !wrong.isCodePrompt(),
                () -> "a wrong password with the cookie is a wrong password, got " + wrong);
        Browser.Page none = thief.submit(wrong, Map.of("username", user));
        assertFalse(none.isRedirectToClient() || none.isCodePrompt(), () -> "no password, no sign-in, got " + none);
        // and the password with the cookie still works (the cookie was not burnt by the attempts)
        assertTrue(DemoRealm.password(Remembering.withCookie(realm, remembered.token()), user).isRedirectToClient());
    }

    @Test
    void theCookieOfAnotherUserDoesNothing() {
        Remembered a = remember();
        TotpDevice b = TotpDevice.importedForNewUser(realm, "remember", false);
        Browser browser = Remembering.withCookie(realm, a.token());
        Browser.Page page = DemoRealm.password(browser, b.username());
        assertTrue(page.isCodePrompt(), () -> "A's cookie does not skip B's prompt, got " + page);
        // a forged cookie value neither
        Browser forged = Remembering.withCookie(realm, "A".repeat(43));
        assertTrue(DemoRealm.password(forged, a.username()).isCodePrompt());
    }

    @Test
    void theUserSeesAndRevokesItInTheAccountConsole() {
        Remembered remembered = remember();
        String accessToken = remembered.browser().exchange(remembered.redirect()).get("access_token").asText();
        AdminApi.Reply credentials = AdminApi.get(TotpGuardServerConfig.BASE_URL + "/realms/" + realm.getName()
                + "/account/credentials", accessToken);
        assertEquals(200, credentials.status(), credentials::toString);
        JsonNode type = AdminApi.find(credentials.json(), "type", TYPE)
                .orElseThrow(() -> new AssertionError("the Account Console lists remembered browsers: " + credentials.body()));
        assertEquals("totpGuardRememberedDisplayName", type.get("displayName").asText());
        assertTrue(type.get("removeable").asBoolean());
        JsonNode listed = type.get("userCredentialMetadatas");
        assertEquals(1, listed.size());
        JsonNode credential = listed.get(0).get("credential");
        assertTrue(credential.get("userLabel").asText().contains(", until "), credential::toString);
        assertFalse(credentials.body().contains(remembered.token()));
        assertFalse(credentials.body().contains(sha256(remembered.token())));

        // "Remove": kc_action=delete_credential:{id}, as the console does it
        Browser.Page confirm = remembered.browser().openLogin("kc_action", "delete_credential:" + credential.get("id").asText());
        assertTrue(confirm.body().contains("kc-accept"), () -> "expected the delete confirmation, got " + confirm);
        assertTrue(remembered.browser().submit(confirm, Map.of("accept", "")).isRedirectToClient());
        Remembering.assertPromptedAgain(realm, remembered);
    }

    @Test
    void anAdminListsAndRevokesItWithAnAdminEvent() {
        Remembered remembered = remember();
        AdminApi api = new AdminApi(realm.getName());
        String token = api.masterAdminToken();
        String path = "users/" + remembered.userId() + "/remembered-browsers";
        String id = api.call("GET", path, token).json().get(0).get("id").asText();
        assertEquals(404, api.call("DELETE", path + "/not-a-record", token).status());
        AdminApi.Reply revoked = api.call("DELETE", path + "/" + id, token);
        assertEquals(204, revoked.status(), revoked::toString);
        assertEquals(0, api.call("GET", path, token).json().size());
        AdminEventRepresentation event = AdminApi.adminEvent(realm.admin(), remembered.userId(), "remembered-browsers/" + id);
        assertEquals("DELETE", event.getOperationType());
        assertEquals(id, AdminApi.representation(event).get("revoked").get(0).get("id").asText());
        assertFalse(event.getRepresentation().contains(remembered.token()));
        Remembering.assertPromptedAgain(realm, remembered);

        // a viewer may list, not revoke; an ordinary user neither
        AdminApi.ensureClient(realm.admin());
        String viewer = AdminApi.staffUser(realm.admin(), "viewer", "view-users");
        assertEquals(200, api.call("GET", path, api.token(viewer)).status());
        assertEquals(403, api.call("DELETE", path, api.token(viewer)).status());
    }

    @Test
    void aDeviceResetRevokesThem() {
        Remembered remembered = remember();
        AdminApi api = new AdminApi(realm.getName());
        assertEquals(200, api.call("POST", "users/" + remembered.userId() + "/reset", api.masterAdminToken()).status());
        assertEquals(0, Remembering.listed(realm, remembered.userId()));
    }

    @Test
    void anAdminPasswordResetRevokesThem() {
        Remembered remembered = remember();
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(remembered.username()); // the same text: a new password credential all the same
        password.setTemporary(false);
        realm.admin().users().get(remembered.userId()).resetPassword(password);
        Remembering.assertPromptedAgain(realm, remembered);
    }

    @Test
    void aPasswordChangeByTheUserRevokesThem() {
        Remembered remembered = remember();
        Browser.Page update = remembered.browser().openLogin("kc_action", "UPDATE_PASSWORD");
        assertTrue(update.body().contains("password-new"), () -> "expected the new-password page, got " + update);
        String user = remembered.username();
        Browser.Page done = remembered.browser().submit(update, Map.of("password-new", user, "password-confirm", user));
        assertTrue(done.isRedirectToClient(), () -> "password changed, got " + done);
        Remembering.assertPromptedAgain(realm, remembered);
    }

    @Test
    void anAdminSignOutOfAllSessionsRevokesThem() {
        Remembered remembered = remember();
        realm.admin().users().get(remembered.userId()).logout();
        Remembering.assertPromptedAgain(realm, remembered);
    }

    @Test
    void anAdminSignOutOfTheWholeRealmRevokesThem() {
        Remembered remembered = remember();
        realm.admin().logoutAll(); // Sessions > Sign out all active sessions: the realm's not-before time
        Remembering.assertPromptedAgain(realm, remembered);
    }

    @Test
    void theAccountConsolesSignOutAllDevicesRevokesThem() {
        Remembered remembered = remember();
        // a second browser of the user (password and code), from which the user signs out every other session
        String token = DemoRealm.signIn(realm, remembered.device()).tokens().get("access_token").asText();
        AdminApi.Reply response = AdminApi.delete(TotpGuardServerConfig.BASE_URL + "/realms/" + realm.getName()
                + "/account/sessions", token);
        assertEquals(204, response.status(), response::toString);
        Remembering.assertPromptedAgain(realm, remembered);
    }

    @Test
    void signOutEverywhereWithNoOtherSessionAndCurrentTrueRevokesThem() {
        Remembered remembered = remember();
        String userId = remembered.userId();
        String token = remembered.browser().exchange(remembered.redirect()).get("access_token").asText();
        String sessions = TotpGuardServerConfig.BASE_URL + "/realms/" + realm.getName() + "/account/sessions";

        // without current=true and no other session, Keycloak signs nothing out and emits nothing: the known gap
        assertEquals(204, AdminApi.delete(sessions, token).status());
        assertEquals(1, realm.admin().users().get(userId).getUserSessions().size(), "the current session is kept");
        assertEquals(0, DemoRealm.events(realm.admin(), remembered.username(), "LOGOUT").size(), "no event");
        Integer notBefore = realm.admin().users().get(userId).toRepresentation().getNotBefore();
        assertTrue(notBefore == null || notBefore == 0, "no not-before time: " + notBefore);
        assertEquals(1, Remembering.listed(realm, userId), "nothing was signed out, so nothing was revoked");

        // current=true ends the current session too, with its LOGOUT event: revoked
        AdminApi.Reply response = AdminApi.delete(sessions + "?current=true", token);
        assertEquals(204, response.status(), response::toString);
        assertEquals(0, realm.admin().users().get(userId).getUserSessions().size(), "signed out everywhere");
        assertEquals(1, DemoRealm.events(realm.admin(), remembered.username(), "LOGOUT").size());
        Remembering.assertPromptedAgain(realm, remembered);
    }

    @Test
    void itExpiresByTheServersClock() {
        Remembered remembered = remember();
        String user = remembered.username();
        try {
            timeOffSet.set(29 * 86_400);
            assertTrue(DemoRealm.password(Remembering.withCookie(realm, remembered.token()), user).isRedirectToClient(),
                    "day 29 of 30: still remembered");
            timeOffSet.set(30 * 86_400 + 60);
            Browser.Page page = DemoRealm.password(Remembering.withCookie(realm, remembered.token()), user);
            assertTrue(page.isCodePrompt(), () -> "after 30 days the prompt is back, got " + page);
        } finally {
            timeOffSet.set(0);
        }
        assertEquals(0, Remembering.listed(realm, remembered.userId()), "the expired record was removed when it was presented");
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A new user (no role admin) with a device imported through the admin API (three codes to spend right away) signs in
     * with a code and ticks "Don't ask again on this browser for 30 days".
     */
    private Remembered remember() {
        return Remembering.tick(realm, TotpDevice.importedForNewUser(realm, "remember", false));
    }

    /** The hex SHA-256 of a remember token (what the server keeps of it). */
    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
