package dev.totpguard.it;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Forgot password" keeps the second factor (Keycloak issue 12759): the link from the received mail leads to the code
 * prompt (or a recovery code) of the demo realm's reset-credentials flow, before any session exists; a wrong code there
 * is refused and counted; only the right one leads to the new password.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class PasswordResetIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectMailServer
    MailServer mail;

    @Test
    void theEmailedLinkAsksForACodeBeforeAnySessionAndCountsAWrongOne() throws Exception {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "forgot");
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page prompt = Mails.followResetLink(mail, browser, member.username());
        assertTrue(prompt.isCodePrompt(), () -> "the reset link asks for a code first, got " + prompt);
        assertFalse(browser.cookieHeader().contains("KEYCLOAK_IDENTITY"), "no session before the code");
        assertFalse(prompt.body().contains("password-new"), "no new password before the code");

        Codes.awayFromStepBoundary(0);
        long step = Codes.currentStep(30) + 1; // the enrollment code took the current step
        Browser.Page refused = browser.submit(prompt, Map.of("otp", Codes.wrong(member.device().secret(), step)));
        assertTrue(refused.isCodePrompt() && refused.codeError().isPresent(), () -> "a wrong code is refused, got " + refused);
        EventRepresentation error = DemoRealm.events(realm.admin(), member.username()).stream()
                .filter(e -> e.getType().endsWith("_ERROR") && e.getDetails() != null
                        && "invalid".equals(e.getDetails().get("reason")))
                .findFirst().orElseThrow(() -> new AssertionError("no error event for the wrong code"));
        assertEquals("1", error.getDetails().get("consecutive_failures"), "counted by totp-guard");
        Waits.until(Duration.ofSeconds(10), 100, () -> DemoRealm.realmFailures(realm.admin(), member.userId()) >= 1);
        assertEquals(1, DemoRealm.realmFailures(realm.admin(), member.userId()), "counted by Keycloak's brute-force detection");

        Browser.Page newPassword = browser.submit(refused, Map.of("otp", member.device().codeAt(step)));
        assertTrue(newPassword.body().contains("password-new"), () -> "the right code leads to the new password, got " + newPassword);
        String password = "N3w-" + member.username();
        Browser.Page done = browser.submit(newPassword, Map.of("password-new", password, "password-confirm", password));
        assertTrue(done.isRedirectToClient(), () -> "signed in after the reset, got " + done);
    }

    @Test
    void aRecoveryCodeAlsoPassesTheResetThenANewDeviceThenTheNewPassword() {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "forgot-lost");
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page prompt = Mails.followResetLink(mail, browser, member.username());
        Browser.Page enrollment = RecoveryCodePages.answer(browser, RecoveryCodePages.tryAnotherWay(browser, prompt), member.codes());
        // required actions in priority order: the new device (totp-guard-enroll, 5), then the new password (30)
        assertTrue(enrollment.isEnrollment(), () -> "a recovery code leads to setting up the new device, got " + enrollment);
        assertTrue(enrollment.body().contains("id=\"totp-guard-recovery-used\""));
        byte[] secret = DemoRealm.secretOfQr(enrollment);
        Browser.Page newPassword = browser.submitForm(enrollment, "kc-totp-guard-enroll-form",
                Map.of("otp", Codes.sha1(secret, Codes.currentStep(30)), "userLabel", "new phone"));
        assertTrue(newPassword.body().contains("password-new"), () -> "then the new password, got " + newPassword);
        String password = "N3w-" + member.username();
        Browser.Page done = browser.submit(newPassword, Map.of("password-new", password, "password-confirm", password));
        assertTrue(done.isRedirectToClient(), () -> "signed in after the reset, got " + done);
    }

    @Test
    void anAdminWithoutADeviceGetsNoSessionFromTheLinkBeforeSettingOneUp() {
        // grace left (the demo lets admins postpone 3 times): still no "Later" from a mail link
        String admin = DemoRealm.createUser(realm.admin(), "forgot-admin", true);
        resetWithoutDeviceSetsOneUpFirst(admin);

        // right after a helpdesk reset of an enrolled admin: the same
        TotpDevice enrolled = DemoRealm.enrolledAdmin(realm.admin(), "forgot-reset-admin");
        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply reset = api.call("POST", "users/" + enrolled.userId() + "/reset",
                api.masterAdminToken());
        assertEquals(200, reset.status(), reset::toString);
        resetWithoutDeviceSetsOneUpFirst(enrolled.username());
    }

    private void resetWithoutDeviceSetsOneUpFirst(String admin) {
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page enrollment = Mails.followResetLink(mail, browser, admin);
        assertTrue(enrollment.isEnrollment(), () -> "an admin without a device sets one up first, got " + enrollment);
        assertFalse(enrollment.body().contains("id=\"totp-guard-postpone\""), "no 'Later' from a mail link");
        assertFalse(browser.cookieHeader().contains("KEYCLOAK_IDENTITY"), "no session before a device");
        Browser.Page forged = browser.submitForm(enrollment, "kc-totp-guard-enroll-form", Map.of("postpone", "true"));
        assertTrue(forged.isEnrollment(), () -> "'Later' by hand does not sign in, got " + forged);
        assertFalse(browser.cookieHeader().contains("KEYCLOAK_IDENTITY"), "still no session");
        byte[] secret = DemoRealm.secretOfQr(forged);
        Browser.Page newPassword = browser.submitForm(forged, "kc-totp-guard-enroll-form",
                Map.of("otp", Codes.sha1(secret, Codes.currentStep(30)), "userLabel", "phone"));
        assertTrue(newPassword.body().contains("password-new"), () -> "then the new password, got " + newPassword);
        String password = "N3w-" + admin;
        Browser.Page done = browser.submit(newPassword, Map.of("password-new", password, "password-confirm", password));
        assertTrue(done.isRedirectToClient(), () -> "signed in once the device exists, got " + done);
        assertEquals(1, DemoRealm.devices(realm.admin(), admin).size());
    }
}
