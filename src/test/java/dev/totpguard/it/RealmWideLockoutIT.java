package dev.totpguard.it;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One lockout per user: the demo realm's browser prompts keep the defaults (wait after 5 failures, lockout after 100),
 * and its direct-grant step is made strict here (wait and lockout after 3). Whichever way the failures come in, the
 * strictest execution decides, and a locked user is refused at every execution, even with the right code.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class RealmWideLockoutIT {

    private static final String DIRECT_GRANT_FLOW = "totp-guard direct grant device";
    private static final int STRICT_LOCKOUT = 3;

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    private AdminApi api;

    @BeforeEach
    void strictDirectGrantLaxPrompt() {
        String executionId = new Flows(realm.admin()).execution(DIRECT_GRANT_FLOW, "totp-guard-direct-grant").getId();
        Flows.addConfig(realm, executionId, "totp-guard strict direct grant", Map.of(
                "totp-guard.failure-limit", String.valueOf(STRICT_LOCKOUT), "totp-guard.lockout-after", String.valueOf(STRICT_LOCKOUT)));
        // several failures in a row: the realm's own detector would otherwise lock the user between the requests
        DemoRealm.bruteForceDetection(realm.admin(), false);
        realm.cleanup().add(r -> DemoRealm.bruteForceDetection(r, true));
        api = new AdminApi(realm.getName());
    }

    @Test
    void lockoutReachedAtTheStrictDirectGrantHoldsAtTheLaxPrompt() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "lock-dg");
        long step = device.enrollmentStep() + 1;
        for (int i = 1; i <= STRICT_LOCKOUT; i++) {
            TokenGrant.Reply reply = TokenGrant.password(realm.getBaseUrl(), device.username(),
                    Map.of("totp", device.wrongCode(step, 12)));
            assertFalse(reply.hasTokens(), "wrong code " + i + " refused, got " + reply);
        }
        assertEquals("locked", api.device(device.userId(), api.masterAdminToken()).get("state").asText(), "the direct grant's lockout after 3");

        // the browser prompt's own config would allow 100 failures: the user is locked there too
        String right = device.nextCode();
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
        Browser.Page refused = prompt.submit(right);
        assertFalse(refused.isRedirectToClient(), () -> "the right code is refused at the lax prompt, got " + refused);
        assertTrue(refused.isCodePrompt(), () -> "the prompt again, got " + refused);
        assertEquals("locked", DemoRealm.lastReason(realm.admin(), device.username()), "refused as locked, without looking at the code");
        TokenGrant.Reply grant = TokenGrant.password(realm.getBaseUrl(), device.username(), Map.of("totp", right));
        assertFalse(grant.hasTokens(), () -> "and by the direct grant, got " + grant);
        assertEquals("locked", DemoRealm.lastReason(realm.admin(), device.username()));

        // long after every wait (at most 900 s): still locked, at the prompt too
        int later = 1000;
        timeOffSet.set(later);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page prompt2 = DemoRealm.password(browser, device.username());
        assertTrue(prompt2.isCodePrompt(), () -> "the prompt, got " + prompt2);
        Browser.Page stillRefused = browser.submit(prompt2, Map.of("otp", device.currentCode(later)));
        assertFalse(stillRefused.isRedirectToClient(), () -> "a lockout, not a wait: refused later too, got " + stillRefused);
        timeOffSet.set(0); // the test framework's admin client holds a token of the present
        assertEquals("locked", DemoRealm.lastReason(realm.admin(), device.username()));
    }

    @Test
    void failuresAtTheLaxPromptCountAgainstTheStrictestLimit() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "lock-prompt");
        long step = device.enrollmentStep() + 1;
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
        Browser.Page page = prompt.page();
        for (int i = 1; i <= STRICT_LOCKOUT; i++) {
            page = prompt.browser().submit(page, Map.of("otp", device.wrongCode(step, 12)));
            Browser.Page answer = page;
            assertTrue(answer.isCodePrompt() && answer.codeError().isPresent(), () -> "a wrong code, got " + answer);
        }
        // the prompt's own config: a wait after 5, a lockout after 100; the realm's strictest: both after 3
        assertEquals("locked", api.device(device.userId(), api.masterAdminToken()).get("state").asText(), "three failures at the prompt reach the strictest lockout");
        String right = device.nextCode();
        Browser.Page refused = prompt.browser().submit(page, Map.of("otp", right));
        assertFalse(refused.isRedirectToClient(), () -> "the right code is refused at the prompt, got " + refused);
        assertEquals("locked", DemoRealm.lastReason(realm.admin(), device.username()));
        TokenGrant.Reply grant = TokenGrant.password(realm.getBaseUrl(), device.username(), Map.of("totp", right));
        assertFalse(grant.hasTokens(), () -> "and by the direct grant, got " + grant);
        assertEquals("locked", DemoRealm.lastReason(realm.admin(), device.username()));

        // an admin unlock ends it everywhere
        assertEquals(200, api.call("POST", "users/" + device.userId() + "/unlock",
                api.masterAdminToken()).status());
        TokenGrant.Reply after = TokenGrant.password(realm.getBaseUrl(), device.username(), Map.of("totp", right));
        assertTrue(after.hasTokens(), () -> "unlocked: the right code (never looked at while locked) gives tokens, got " + after);
    }
}
