package dev.totpguard.it;

import java.util.List;
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
 * Changing the second factor takes the second factor (SECURITY.md C1, C3): a remembered browser, the password alone or
 * a mail link never add a device, remove one or make new recovery codes for a user who has a device. The attacker here
 * knows the password and holds a remembered browser's cookie (or the mailbox), never the phone.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class CeremonyIT {


    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectMailServer
    MailServer mail;

    @Test
    void aRememberedBrowserOpeningEnrollmentIsAskedACodeOfAnExistingDeviceBeforeAnySeed() {
        Remembering.Remembered member = rememberedMember("ceremony-add");
        Browser attacker = Remembering.withCookie(realm, member.token());
        Browser.Page page = DemoRealm.password(attacker, member.username(), "kc_action", "totp-guard-enroll");
        assertConfirmation(page, "set up another authenticator");

        // a wrong code: the confirmation again, still no seed, counted like any wrong code
        Browser.Page wrong = attacker.submit(page, Map.of("otp", member.device().codeAt(Codes.currentStep(30) + 10)));
        assertConfirmation(wrong, "set up another authenticator");
        assertTrue(wrong.codeError().isPresent(), wrong::toString);
        // "Later" posted by hand on the confirmation page: still the confirmation, never the enrollment page
        Browser.Page later = attacker.submit(wrong, Map.of("postpone", "true"));
        assertConfirmation(later, "set up another authenticator");
        List<EventRepresentation> errors = DemoRealm.events(realm.admin(), member.username(), "LOGIN_ERROR").stream()
                .filter(e -> "another_device".equals(e.getDetails().get("totp_ceremony"))).toList();
        assertTrue(errors.stream().anyMatch(e -> "invalid".equals(e.getDetails().get("reason"))
                && "1".equals(e.getDetails().get("consecutive_failures"))), () -> "the wrong code is counted: " + errors);
        assertTrue(errors.stream().anyMatch(e -> "malformed".equals(e.getDetails().get("reason"))),
                () -> "a POST without a code is a malformed one, counted: " + errors);

        // the owner, with the phone: the enrollment page follows the right code
        Browser.Page enrollment = attacker.submit(later, Map.of("otp", member.device().nextCode()));
        assertTrue(enrollment.isEnrollment(), () -> "a code of the existing device opens enrollment, got " + enrollment);
    }

    @Test
    void theAccountConsolesRemoveAsksACodeFirstThenKeycloaksConfirmation() {
        Remembering.Remembered member = rememberedMember("ceremony-remove");
        String deviceId = member.device().credentialId();
        Browser attacker = Remembering.withCookie(realm, member.token());
        Browser.Page page = DemoRealm.password(attacker, member.username(), "kc_action", "delete_credential:" + deviceId);
        assertConfirmation(page, "remove an authenticator");
        // sending Keycloak's own "delete" answer instead of a code removes nothing
        Browser.Page forged = attacker.submit(page, Map.of("accept", "Delete"));
        assertFalse(forged.isRedirectToClient(), forged::toString);
        assertEquals(1, DemoRealm.devices(realm.admin(), member.username()).size(), "nothing removed without a code");

        Browser.Page keycloaks = attacker.submit(forged, Map.of("otp", member.device().nextCode()));
        assertFalse(keycloaks.isCodePrompt(), () -> "after the code, Keycloak's own confirmation, got " + keycloaks);
        Browser.Page done = attacker.submit(keycloaks, Map.of("accept", "Delete"));
        assertTrue(done.isRedirectToClient(), () -> "removed and back to the application, got " + done);
        assertEquals(0, DemoRealm.devices(realm.admin(), member.username()).size(), "removed once the code was given");
    }

    @Test
    void theAccountRestApiRemovesADeviceOnlyOnASessionThatGaveACode() {
        Remembering.Remembered member = rememberedMember("ceremony-rest");
        String deviceId = member.device().credentialId();
        String url = TotpGuardServerConfig.BASE_URL + "/realms/" + realm.getName() + "/account/credentials/" + deviceId;
        // a token from the password and the remembered browser, no code
        Browser attacker = Remembering.withCookie(realm, member.token());
        String token = attacker.exchange(DemoRealm.password(attacker, member.username())).get("access_token").asText();
        AdminApi.Reply refused = AdminApi.delete(url, token);
        assertEquals(400, refused.status(), refused::toString);
        assertEquals(1, DemoRealm.devices(realm.admin(), member.username()).size(), "nothing removed without a code");

        // the owner, signed in with a code: the same call removes it
        String ownersToken = DemoRealm.signIn(realm, member.device()).tokens().get("access_token").asText();
        AdminApi.Reply removed = AdminApi.delete(url, ownersToken);
        assertEquals(204, removed.status(), removed::toString);
        assertEquals(0, DemoRealm.devices(realm.admin(), member.username()).size());
    }


    @Test
    void newRecoveryCodesFromARememberedBrowserAskACodeFirst() {
        Remembering.Remembered member = rememberedMember("ceremony-codes");
        Browser attacker = Remembering.withCookie(realm, member.token());
        Browser.Page page = DemoRealm.password(attacker, member.username(), "kc_action", "CONFIGURE_RECOVERY_AUTHN_CODES");
        assertConfirmation(page, "create new recovery codes");
        assertFalse(page.body().contains("kc-recovery-codes-list"), "no recovery codes shown before the code");
        Browser.Page codes = attacker.submit(page, Map.of("otp", member.device().nextCode()));
        assertTrue(codes.body().contains("kc-recovery-codes-list"), () -> "Keycloak's page after the code, got " + codes);
    }

    @Test
    void anExecuteActionsMailToAddADeviceIsRefusedForAUserWithOneAndWorksForAFirstDevice() {
        Remembering.Remembered member = rememberedMember("ceremony-mail");
        Browser mailbox = new Browser(realm.getBaseUrl());
        Browser.Page refused = followActionLink(mailbox, member.userId(), member.username());
        assertEquals(403, refused.status(), refused::toString);
        assertTrue(refused.body().contains("cannot add another one"), refused::toString);
        assertFalse(refused.isEnrollment());
        assertFalse(refused.body().contains("otpauth"), "no seed");
        assertFalse(mailbox.cookieHeader().contains("KEYCLOAK_IDENTITY"), "no session");
        assertEquals(1, DemoRealm.devices(realm.admin(), member.username()).size());
        assertTrue(DemoRealm.events(realm.admin(), member.username(), "UPDATE_CREDENTIAL_ERROR").stream()
                .anyMatch(e -> "mail_link".equals(e.getDetails().get("reason"))), "an event says why");

        // a user without a device: the same mail sets up the first one (trust on first use)
        String first = DemoRealm.createUser(realm.admin(), "ceremony-first", false);
        Browser.Page enrollment = followActionLink(new Browser(realm.getBaseUrl()), DemoRealm.userId(realm.admin(), first), first);
        assertTrue(enrollment.isEnrollment(), () -> "a first device from the mail, got " + enrollment);
    }

    /**
     * A member with an imported device who ticked "remember this browser" at a correct code; the remembered browser alone
     * gets past the password without a code (the premise of the attack).
     */
    private Remembering.Remembered rememberedMember(String prefix) {
        return Remembering.remember(realm, TotpDevice.importedForNewUser(realm, prefix, false));
    }

    private static void assertConfirmation(Browser.Page page, String purpose) {
        assertTrue(page.isCodePrompt(), () -> "a code of an existing device is asked first, got " + page);
        assertTrue(page.body().contains("Confirm it is you"), page::toString);
        assertTrue(page.body().contains(purpose), () -> "the page says what the code is for: " + purpose);
        assertFalse(page.isEnrollment(), "no enrollment page before the code");
        assertFalse(page.body().contains("otpauth"), "no seed before the code");
        assertFalse(page.body().contains("totp-guard-key"), "no key before the code");
        assertFalse(page.isRedirectToClient());
    }

    /** An admin sends the execute-actions mail with totp-guard-enroll; the mailbox holder follows the link. */
    private Browser.Page followActionLink(Browser browser, String userId, String username) {
        realm.admin().users().get(userId).executeActionsEmail(List.of("totp-guard-enroll"));
        Browser.Page page = browser.open(Mails.actionLink(mail, username + "@example.com"));
        // a fresh browser gets Keycloak's "perform the following actions" page with a link to proceed
        java.util.Optional<String> proceed = page.find("href=\"([^\"]*/login-actions/action-token[^\"]*)\"");
        return proceed.isPresent() ? browser.open(page.uri().resolve(proceed.get().replace("&amp;", "&")).toString()) : page;
    }
}
