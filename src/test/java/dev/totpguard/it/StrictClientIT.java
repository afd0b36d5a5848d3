package dev.totpguard.it;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stricter check for one application: the demo realm's admin-portal has its own browser flow (Keycloak's per-client
 * flow override) whose TOTP Guard form accepts only the current step (window 0, no drift, no resync), while demo-app
 * keeps the realm's ±1 step. The same user's code of the previous step is refused at one and accepted at the other.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class StrictClientIT {

    /** Server clock 3 steps ahead: the previous step is later than the enrollment code's, so it is not a replay. */
    private static final int OFFSET = 90;

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    @Test
    void previousStepCodeIsRefusedAtTheStrictClientAndAcceptedAtTheOther() {
        TotpDevice admin = DemoRealm.enrolledAdmin(realm.admin(), "strict");
        timeOffSet.set(OFFSET);

        Browser portal = new Browser(realm.getBaseUrl());
        Browser.Page portalLogin = portal.openLoginAt(Browser.ADMIN_PORTAL, Browser.ADMIN_PORTAL_REDIRECT_URI);
        Browser.Page portalPrompt = portal.submitPassword(portalLogin, admin.username());
        assertTrue(portalPrompt.isCodePrompt(), () -> "admin-portal asks for a code, got " + portalPrompt);
        Browser app = new Browser(realm.getBaseUrl());
        Browser.Page appPrompt = DemoRealm.password(app, admin.username());
        assertTrue(appPrompt.isCodePrompt(), () -> "demo-app asks the admin for a code, got " + appPrompt);

        Codes.awayFromStepBoundary(OFFSET);
        long now = Codes.currentStep(30, OFFSET);
        String previous = Codes.sha1(admin.secret(), now - 1);
        Browser.Page refused = portal.submit(portalPrompt, Map.of("otp", previous));
        Browser.Page accepted = app.submit(appPrompt, Map.of("otp", previous));
        Browser.Page current = portal.submit(refused, Map.of("otp", Codes.sha1(admin.secret(), now)));

        assertTrue(refused.isCodePrompt() && refused.codeError().isPresent(),
                () -> "a code 30 s old is refused at admin-portal, got " + refused);
        assertTrue(accepted.isRedirectToClient(), () -> "the same code is accepted at demo-app (window 1), got " + accepted);
        assertTrue(current.isRedirectToClient(), () -> "the current step's code is accepted at admin-portal, got " + current);
        assertEquals("gold", portal.acr(current));

        // refused as too old (invalid), not as a replay: nothing at or after that step had been accepted
        EventRepresentation error = DemoRealm.events(realm.admin(), admin.username(), "LOGIN_ERROR").stream()
                .filter(e -> e.getDetails() != null && e.getDetails().containsKey("reason")).findFirst().orElseThrow();
        assertEquals("invalid", error.getDetails().get("reason"));
        assertEquals(Browser.ADMIN_PORTAL, error.getClientId());
    }
}
