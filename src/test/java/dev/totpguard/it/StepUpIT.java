package dev.totpguard.it;

import java.util.Map;

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
 * Step-up by ACR in the demo realm's flow ({@code silver} = level 1 = password, {@code gold} = level 2 = TOTP), the
 * second factor for admins and enrolled users, and the {@code admin-portal} client that holds every sign-in to gold.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class StepUpIT {

    /** The server clock two steps ahead: admin-portal's strict check takes a step no earlier code used. */
    private static final int STRICT_OFFSET = 60;

    @InjectTimeOffSet
    TimeOffSet timeOffSet;

    static final String GOLD_ESSENTIAL = "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"gold\"]}}}";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @Test
    void signInWithoutAcrIsSilverForUsersWithoutDevice() {
        String user = DemoRealm.createUser(realm.admin(), "member", false);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page done = DemoRealm.password(browser, user);
        assertTrue(done.isRedirectToClient(), () -> "password only, got " + done);
        assertEquals("silver", browser.acr(done));
    }

    @Test
    void askingGoldAsksThePasswordThenOneCode() {
        TotpDevice member = memberWithDevice();
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page login = browser.openLogin("acr_values", "gold");
        assertTrue(login.isPasswordPage(), () -> "a fresh sign-in starts with the password, got " + login);
        Browser.Page prompt = browser.submitPassword(login, member.username());
        assertTrue(prompt.isCodePrompt(), () -> "then the code, got " + prompt);
        Browser.Page done = browser.submit(prompt, Map.of("otp", member.nextCode()));
        assertTrue(done.isRedirectToClient(), () -> "one code is enough (the enrolled-users sub-flow does not ask again), got " + done);
        assertEquals("gold", browser.acr(done));
    }

    @Test
    void essentialAcrClaimGoldIsHonoured() {
        TotpDevice member = memberWithDevice();
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page login = browser.openLogin("claims", GOLD_ESSENTIAL);
        Browser.Page prompt = browser.submitPassword(login, member.username());
        assertTrue(prompt.isCodePrompt(), () -> "expected the code prompt, got " + prompt);
        Browser.Page done = browser.submit(prompt, Map.of("otp", member.nextCode()));
        assertTrue(done.isRedirectToClient(), () -> "expected the redirect, got " + done);
        assertEquals("gold", browser.acr(done));
    }

    @Test
    void stepUpOnASilverSessionEnrollsFirstThenAsksOnlyForTheCode() {
        String user = DemoRealm.createUser(realm.admin(), "stepup", false);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page first = DemoRealm.password(browser, user);
        assertEquals("silver", browser.acr(first));

        // gold on the silver SSO session: no password again; no device yet, so enrollment first
        Browser.Page enrollment = browser.openLogin("acr_values", "gold");
        assertTrue(enrollment.isEnrollment(), () -> "a user without a device enrolls first, got " + enrollment);
        assertFalse(enrollment.isPasswordPage());
        TotpDevice device = TotpDevice.fromEnrollmentPage(enrollment);
        Browser.Page enrolled = browser.submit(enrollment, Map.of("otp", device.nextCode(), "userLabel", "phone"));
        assertTrue(enrolled.isRedirectToClient(), () -> "expected the redirect, got " + enrolled);
        assertEquals("gold", browser.acr(enrolled));

        // gold again: level 2 has max age 0, so a fresh code, and still no password
        Browser.Page prompt = browser.openLogin("acr_values", "gold");
        assertTrue(prompt.isCodePrompt(), () -> "step-up asks only for the code, got " + prompt);
        Browser.Page done = browser.submit(prompt, Map.of("otp", device.nextCode()));
        assertTrue(done.isRedirectToClient(), () -> "expected the redirect, got " + done);
        assertEquals("gold", browser.acr(done));

        // without acr_values the SSO session signs in at once, at the level it holds for later sign-ins: silver
        Browser.Page sso = browser.openLogin();
        assertTrue(sso.isRedirectToClient(), () -> "SSO, got " + sso);
        assertEquals("silver", browser.acr(sso));
    }

    @Test
    void adminsAndEnrolledUsersPassTotpAfterThePasswordAndGetGold() {
        TotpDevice admin = adminWithDevice();
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(browser, admin.username());
        assertTrue(prompt.isCodePrompt(), () -> "an admin passes TOTP, got " + prompt);
        Browser.Page done = browser.submit(prompt, Map.of("otp", admin.nextCode()));
        assertTrue(done.isRedirectToClient(), () -> "expected the redirect, got " + done);
        assertEquals("gold", browser.acr(done), "the code was asked: the sign-in is at level 2");

        TotpDevice member = memberWithDevice();
        Browser other = new Browser(realm.getBaseUrl());
        Browser.Page memberPrompt = DemoRealm.password(other, member.username());
        assertTrue(memberPrompt.isCodePrompt(), () -> "a user with a device passes TOTP, got " + memberPrompt);
        Browser.Page memberDone = other.submit(memberPrompt, Map.of("otp", member.nextCode()));
        assertEquals("gold", other.acr(memberDone));
    }

    @Test
    void adminAskingGoldIsAskedForOneCodeOnly() {
        TotpDevice admin = adminWithDevice();
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page login = browser.openLogin("acr_values", "gold");
        Browser.Page prompt = browser.submitPassword(login, admin.username());
        assertTrue(prompt.isCodePrompt(), () -> "expected the code prompt, got " + prompt);
        Browser.Page done = browser.submit(prompt, Map.of("otp", admin.nextCode()));
        assertTrue(done.isRedirectToClient(), () -> "the admins sub-flow does not ask a second time, got " + done);
        assertEquals("gold", browser.acr(done));
    }

    @Test
    void adminPortalAsksAdminsForAFreshCodeWhateverTheyAskFor() {
        TotpDevice admin = adminWithDevice();
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(browser, admin.username());
        Browser.Page demoApp = browser.submit(prompt, Map.of("otp", admin.nextCode()));
        assertTrue(demoApp.isRedirectToClient(), () -> "signed in to demo-app, got " + demoApp);

        // the SSO session and a request for silver do not let the admin into admin-portal without a code
        Browser.Page portalPrompt = browser.openLoginAt(Browser.ADMIN_PORTAL, Browser.ADMIN_PORTAL_REDIRECT_URI, "acr_values", "silver");
        assertTrue(portalPrompt.isCodePrompt(), () -> "admin-portal asks for a code, got " + portalPrompt);
        timeOffSet.set(STRICT_OFFSET); // admin-portal takes the current step only: the next one, without waiting for it
        Browser.Page portal = browser.submit(portalPrompt, Map.of("otp", admin.currentCode(STRICT_OFFSET)));
        assertTrue(portal.isRedirectToClient() && portal.location().startsWith(Browser.ADMIN_PORTAL_REDIRECT_URI),
                () -> "expected the redirect to admin-portal, got " + portal);
        assertEquals("gold", browser.acr(portal));
    }

    @Test
    void adminPortalSignInWithoutSessionIsPasswordAndOneCode() {
        TotpDevice admin = adminWithDevice();
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page login = browser.openLoginAt(Browser.ADMIN_PORTAL, Browser.ADMIN_PORTAL_REDIRECT_URI);
        assertTrue(login.isPasswordPage(), () -> "expected the password page, got " + login);
        Browser.Page prompt = browser.submitPassword(login, admin.username());
        assertTrue(prompt.isCodePrompt(), () -> "expected the code prompt, got " + prompt);
        timeOffSet.set(STRICT_OFFSET); // admin-portal takes the current step only, and enrollment used an earlier one
        Browser.Page done = browser.submit(prompt, Map.of("otp", admin.currentCode(STRICT_OFFSET)));
        assertTrue(done.isRedirectToClient(), () -> "one code, got " + done);
        assertEquals("gold", browser.acr(done));
    }

    @Test
    void adminPortalHoldsNonAdminsToGoldToo() {
        String user = DemoRealm.createUser(realm.admin(), "portal", false);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page login = browser.openLoginAt(Browser.ADMIN_PORTAL, Browser.ADMIN_PORTAL_REDIRECT_URI);
        Browser.Page enrollment = browser.submitPassword(login, user);
        assertTrue(enrollment.isEnrollment(), () -> "no device, so enrollment before admin-portal, got " + enrollment);
        TotpDevice device = TotpDevice.fromEnrollmentPage(enrollment);
        Browser.Page done = browser.submit(enrollment, Map.of("otp", device.nextCode(), "userLabel", "phone"));
        assertTrue(done.isRedirectToClient(), () -> "expected the redirect, got " + done);
        assertEquals("gold", browser.acr(done));
    }

    @Test
    void adminPortalRefusesAnEssentialClaimBelowGold() {
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page refused = browser.openLoginAt(Browser.ADMIN_PORTAL, Browser.ADMIN_PORTAL_REDIRECT_URI,
                "claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"silver\"]}}}");
        assertEquals(400, refused.status(), () -> "an essential acr below the client minimum is an error, got " + refused);
    }

    // ---------------------------------------------------------------------------------------------------------------



    /** A new user without realm role admin who added a device on their own (as from the Account Console). */
    private TotpDevice memberWithDevice() {
        DemoRealm.SignedIn first = DemoRealm.passwordOnly(realm, "member");
        Browser browser = first.browser();
        return TotpDevice.enroll(browser, browser.openLogin("kc_action", "totp-guard-enroll"), first.username(), "phone");
    }

    /** A new user with realm role admin, enrolled at their first sign-in. */
    private TotpDevice adminWithDevice() {
        return DemoRealm.enrolledAdmin(realm.admin(), "admin");
    }
}
