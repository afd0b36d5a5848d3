package dev.totpguard.it;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Never silently weaker: an invalid value in an execution's config (written through Keycloak's generic admin REST
 * endpoint, which in 26.7 stores any value: there is no hook for an authenticator to refuse a config) makes that
 * execution refuse every code, fail closed, instead of running with the defaults (window ±1, no level). The refusal
 * says {@code reason=config_invalid} in a {@code LOGIN_ERROR} event, the user sees the generic "cannot be checked"
 * message, nothing is counted against the user, and the server log names realm, config and setting once, never the
 * value.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class InvalidConfigIT {

    private static final String BAD = "abc";
    private static final String UNAVAILABLE = "One-time codes cannot be checked right now";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @Test
    void aStrictBrowserCheckWithAnInvalidWindowRefusesTheRightCode() {
        long logStart = ServerLog.size();
        // admin-portal's strict check (window 0, no drift, no resync) gets a window that is not a number
        Map<String, String> strict = Map.of("totp-guard.window", BAD, "totp-guard.max-drift", "0",
                "totp-guard.resync-range", "0");
        Flows.setConfig(realm, "totp-guard strict", strict);

        TotpDevice phone = TotpDevice.importedForNewUser(realm, "invalid-strict", true);
        String username = phone.username();

        Browser portal = new Browser(realm.getBaseUrl());
        Browser.Page login = portal.openLoginAt(Browser.ADMIN_PORTAL, Browser.ADMIN_PORTAL_REDIRECT_URI);
        Browser.Page prompt = portal.submitPassword(login, username);
        assertTrue(prompt.isCodePrompt(), () -> "admin-portal asks for a code, got " + prompt);
        Browser.Page refused = portal.submit(prompt, Map.of("otp", phone.currentCode(0)));
        assertTrue(refused.isCodePrompt(), () -> "the right code is refused (not signed in with ±1), got " + refused);
        assertTrue(refused.codeError().orElse("").contains(UNAVAILABLE), () -> "the generic message, got " + refused);
        Browser.Page again = portal.submit(refused, Map.of("otp", phone.codeAt(phone.lastStep())));
        assertTrue(again.isCodePrompt(), () -> "and every later one, got " + again);

        List<EventRepresentation> errors = DemoRealm.events(realm.admin(), username, "LOGIN_ERROR").stream()
                .filter(e -> "config_invalid".equals(e.getDetails().get("reason"))).toList();
        assertEquals(2, errors.size(), () -> "one LOGIN_ERROR per refused code: " + errors);
        EventRepresentation error = errors.get(0);
        assertEquals("totp-guard", error.getDetails().get("credential_type"));
        assertEquals(Browser.ADMIN_PORTAL, error.getClientId());
        assertFalse(error.getDetails().containsValue(BAD), () -> "never the value: " + error.getDetails());
        assertEquals(0, DemoRealm.deviceData(realm.admin(), username).get("failures").asInt(),
                "not counted: the fault is the realm's");

        // one log line (rate-limited) naming realm, config and setting; never the value
        List<String> lines = ServerLog.linesSince(logStart).stream().filter(l -> l.contains("config 'totp-guard strict'")).toList();
        assertEquals(1, lines.size(), () -> "one line for two refusals: " + lines);
        String line = lines.get(0);
        assertTrue(line.contains("realm " + realm.getName()) && line.contains("totp-guard.window"), line);
        assertFalse(line.contains(BAD), line);

        // the realm's other executions are untouched: demo-app signs the same user in
        Browser app = new Browser(realm.getBaseUrl());
        Browser.Page appPrompt = DemoRealm.password(app, username);
        assertTrue(app.submit(appPrompt, Map.of("otp", phone.nextCode())).isRedirectToClient(), "demo-app still signs in");
    }

    @Test
    void aDirectGrantStepWithAnInvalidSettingRefusesTheRightCode() {
        long logStart = ServerLog.size();
        String step = new Flows(realm.admin()).execution("totp-guard direct grant device", "totp-guard-direct-grant").getId();
        // a strict lockout whose failure limit is not a number: before, the whole config fell back to the defaults.
        // Keycloak 26.7 stores the invalid config (201): no hook refuses it
        Flows.addConfig(realm, step, "dg lockout typo", Map.of("totp-guard.lockout-after", "3", "totp-guard.failure-limit", BAD));

        TotpDevice phone = TotpDevice.importedForNewUser(realm, "invalid-dg", false);
        String username = phone.username();
        TokenGrant.Reply right = TokenGrant.password(realm.getBaseUrl(), username, Map.of("totp", phone.nextCode()));
        assertEquals(400, right.status(), () -> "the right code gets no token, got " + right);
        assertFalse(right.hasTokens(), right::toString);

        EventRepresentation error = DemoRealm.events(realm.admin(), username, "LOGIN_ERROR").stream()
                .filter(e -> "config_invalid".equals(e.getDetails().get("reason"))).findFirst()
                .orElseThrow(() -> new AssertionError("a LOGIN_ERROR with reason=config_invalid"));
        assertEquals("totp-guard", error.getDetails().get("credential_type"));
        assertFalse(error.getDetails().containsValue(BAD), () -> "never the value: " + error.getDetails());
        List<String> lines = ServerLog.linesSince(logStart).stream().filter(l -> l.contains("config 'dg lockout typo'")).toList();
        assertEquals(1, lines.size(), () -> "one log line: " + lines);
        assertTrue(lines.get(0).contains("totp-guard.failure-limit"), lines.get(0));
        assertFalse(lines.get(0).contains(BAD), lines.get(0));
    }
}
