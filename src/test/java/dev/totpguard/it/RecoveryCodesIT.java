package dev.totpguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
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
 * The lost phone, with Keycloak's own recovery codes: offered after enrollment, "Try another way" on our prompt, the
 * visit after a recovery code (remove the lost device, set up the new one, a fresh set of codes), brute force on the
 * recovery-code form, and the helpdesk reset (with the mail the user receives).
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class RecoveryCodesIT {

    static final String RECOVERY_METRIC = "totp_guard_recovery_codes_used_total";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectMailServer
    MailServer mail;

    private AdminApi api;
    private String staff;

    @BeforeEach
    void staff() {
        api = new AdminApi(realm.getName());
        staff = AdminApi.staffToken(realm, "helpdesk", "view-users", "manage-users", "view-events");
    }

    @Test
    void lostPhoneRecoveryCodeThenRemoveItAndSetUpTheNewOneInTheSameVisit() {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "lost");
        double usedBefore = Scrape.now().sum(RECOVERY_METRIC, "realm", realm.getName());

        // the phone is gone: at the prompt, "Try another way" leads to Keycloak's recovery-code form
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(browser, member.username());
        assertTrue(prompt.isCodePrompt(), () -> "expected the code prompt, got " + prompt);
        Browser.Page input = RecoveryCodePages.tryAnotherWay(browser, prompt);
        Browser.Page after = RecoveryCodePages.answer(browser, input, member.codes());

        // the enrollment page of the visit after a recovery code: codes left, the devices to remove, the offer
        assertTrue(after.isEnrollment(), () -> "a recovery code leads to setting up a new device, got " + after);
        String used = after.find("id=\"totp-guard-recovery-used\">(.*?)</p>").orElseThrow();
        assertTrue(used.contains("11"), used);
        assertFalse(after.body().contains("id=\"totp-guard-recovery-few\""), "no warning with 11 codes left");
        String oldId = member.device().credentialId();
        assertTrue(after.body().contains("value=\"" + oldId + "\""), "the lost phone is listed to remove");
        assertTrue(after.body().contains("old phone"));

        Browser.Page removed = browser.submitForm(after, "totp-guard-remove-form-0", Map.of("removeDevice", oldId));
        assertTrue(removed.isEnrollment(), () -> "the page again after the removal, got " + removed);
        assertTrue(DemoRealm.devices(realm.admin(), member.username()).isEmpty(), "the lost phone is gone");
        assertFalse(removed.body().contains("value=\"" + oldId + "\""));

        byte[] newSecret = DemoRealm.secretOfQr(removed);
        Browser.Page codesPage = browser.submitForm(removed, "kc-totp-guard-enroll-form", Map.of(
                "otp", Codes.sha1(newSecret, Codes.currentStep(30)), "userLabel", "new phone", "recoveryCodes", "on"));
        RecoveryCodePages.Saved fresh = RecoveryCodePages.save(browser, codesPage);
        assertTrue(fresh.next().isRedirectToClient(), () -> "signed in, got " + fresh.next());
        JsonNode tokens = browser.exchange(fresh.next());
        assertEquals("gold", Browser.idToken(tokens).path("acr").asText(null), "a recovery code is a second factor");

        List<CredentialRepresentation> devices = DemoRealm.devices(realm.admin(), member.username());
        assertEquals(1, devices.size());
        assertEquals("new phone", devices.get(0).getUserLabel());
        assertFalse(fresh.codes().stream().anyMatch(member.codes()::contains), "a fresh set");

        // events: the use of a recovery code (and how many are left); the removal
        EventRepresentation login = DemoRealm.events(realm.admin(), member.username(), "UPDATE_CREDENTIAL").stream()
                .filter(e -> e.getDetails() != null && "true".equals(e.getDetails().get("recovery_code_used")))
                .findFirst().orElseThrow(() -> new AssertionError("no event with recovery_code_used"));
        assertEquals("11", login.getDetails().get("recovery_codes_left"));
        assertEquals("recovery-authn-codes", login.getDetails().get("credential_type"));
        assertTrue(DemoRealm.events(realm.admin(), member.username(), "REMOVE_CREDENTIAL").stream()
                .anyMatch(e -> oldId.equals(e.getDetails().get("credential_id"))
                        && "old phone".equals(e.getDetails().get("credential_user_label"))), "a REMOVE_CREDENTIAL event");
        assertEquals(1, Scrape.now().sum(RECOVERY_METRIC, "realm", realm.getName()) - usedBefore, 1e-9,
                "the metric counts the recovery code");
        List<String> secrets = new ArrayList<>(member.codes());
        secrets.addAll(fresh.codes());
        DemoRealm.assertNowhere(secrets, DemoRealm.events(realm.admin(), member.username()));

        // the old set is gone with the new one: its codes sign nobody in
        Browser again = new Browser(realm.getBaseUrl());
        Browser.Page oldCode = RecoveryCodePages.answer(again,
                RecoveryCodePages.tryAnotherWay(again, DemoRealm.password(again, member.username())), member.codes());
        assertTrue(RecoveryCodePages.isInput(oldCode), () -> "a code of the replaced set is refused, got " + oldCode);
    }

    @Test
    void anAdminsRecoveryCodesWorkAtHerPromptThenANewDevice() {
        // an admin without a device is sent to enrollment by the flow; she takes the offered recovery codes
        String admin = DemoRealm.createUser(realm.admin(), "admin-codes", true);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page enrollment = DemoRealm.password(browser, admin);
        assertTrue(enrollment.isEnrollment(), () -> "an admin without a device enrolls, got " + enrollment);
        assertTrue(enrollment.body().contains("name=\"recoveryCodes\""), "recovery codes are offered to admins too");
        byte[] secret = DemoRealm.secretOfQr(enrollment);
        Browser.Page codes = browser.submitForm(enrollment, "kc-totp-guard-enroll-form", Map.of(
                "otp", Codes.sha1(secret, Codes.currentStep(30)), "userLabel", "phone", "recoveryCodes", "on"));
        RecoveryCodePages.Saved saved = RecoveryCodePages.save(browser, codes);
        assertTrue(saved.next().isRedirectToClient(), () -> "signed in, got " + saved.next());

        // her prompt offers "Try another way", and a recovery code leads to the lost-phone page
        Browser lost = new Browser(realm.getBaseUrl());
        Browser.Page prompt = DemoRealm.password(lost, admin);
        assertTrue(prompt.isCodePrompt(), () -> "an admin with a device gets the code prompt, got " + prompt);
        Browser.Page afterCode = RecoveryCodePages.answer(lost, RecoveryCodePages.tryAnotherWay(lost, prompt), saved.codes());
        assertTrue(afterCode.isEnrollment(), () -> "a recovery code leads to setting up a new device, got " + afterCode);
        assertTrue(afterCode.body().contains("id=\"totp-guard-recovery-used\""), afterCode::toString);
    }

    @Test
    void fewCodesLeftWarnsOnThePage() {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "few");
        // use 10 of the 12 codes, each a sign-in that then leaves through a new browser (the enrollment page is left open)
        Browser.Page last = null;
        for (int i = 0; i < 10; i++) {
            Browser browser = new Browser(realm.getBaseUrl());
            last = RecoveryCodePages.answer(browser,
                    RecoveryCodePages.tryAnotherWay(browser, DemoRealm.password(browser, member.username())), member.codes());
            assertTrue(last.isEnrollment(), "recovery code " + (i + 1) + " accepted");
        }
        Browser.Page page = last;
        assertTrue(page.body().contains("id=\"totp-guard-recovery-few\""), () -> "warned with 2 codes left: " + page.body());
        assertTrue(page.find("id=\"totp-guard-recovery-few\".*?<p[^>]*>(.*?)</p>").orElseThrow().contains("2"));
    }

    @Test
    void wrongRecoveryCodesAreCountedByKeycloaksBruteForceDetection() throws Exception {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "guess");
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page input = RecoveryCodePages.tryAnotherWay(browser, DemoRealm.password(browser, member.username()));
        Browser.Page page = browser.submit(input, Map.of("recoveryCodeInput", "AAAA-BBBB-CCCC"));
        assertTrue(RecoveryCodePages.isInput(page), "a wrong recovery code is refused");
        page = browser.submit(page, Map.of("recoveryCodeInput", "DDDD-EEEE-FFFF"));
        // two failures within a second: Keycloak's quick-login check locks the user (the detector works asynchronously)
        assertTrue(DemoRealm.awaitRealmLock(realm.admin(), member.userId()), "the realm's brute-force detection locked the user");
        assertEquals(2, DemoRealm.realmFailures(realm.admin(), member.userId()), "each wrong recovery code counted");
        Browser.Page refused = RecoveryCodePages.answer(browser, page, member.codes());
        assertTrue(RecoveryCodePages.isInput(refused), () -> "the right code is refused while locked, got " + refused);
        assertTrue(DemoRealm.events(realm.admin(), member.username(), "UPDATE_CREDENTIAL").stream()
                .noneMatch(e -> e.getDetails() != null && e.getDetails().containsKey("recovery_code_used")), "no code used");
    }

    @Test
    void helpdeskResetStartsOverWithANewDeviceAndNewRecoveryCodes() {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "helpdesk");
        AdminApi.Reply reset = api.call("POST", "users/" + member.userId() + "/reset", staff);
        assertEquals(200, reset.status(), reset::toString);
        assertTrue(DemoRealm.devices(realm.admin(), member.username()).isEmpty());
        assertTrue(recoveryCredentials(member.username()).isEmpty(), "the recovery codes went with the devices");
        JsonNode event = AdminApi.representation(AdminApi.adminEvent(realm.admin(), member.userId(), "reset"));
        assertTrue(event.get("recoveryCodesRemoved").asBoolean(), event.toString());
        Mails.Mail notice = Mails.await(mail, member.username() + "@example.com", m -> m.subject().contains("reset"));
        assertTrue(notice.text().contains("old phone"), notice::text);
        Mails.assertNoSecretNoLink(List.of(notice), member.codes());

        // next sign-in: password, then set up a device and get new recovery codes
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page enrollment = DemoRealm.password(browser, member.username());
        assertTrue(enrollment.isEnrollment(), () -> "enrollment after the reset, got " + enrollment);
        byte[] secret = DemoRealm.secretOfQr(enrollment);
        Browser.Page codes = browser.submit(enrollment, Map.of("otp", Codes.sha1(secret, Codes.currentStep(30)),
                "userLabel", "replacement", "recoveryCodes", "on"));
        RecoveryCodePages.Saved saved = RecoveryCodePages.save(browser, codes);
        assertTrue(saved.next().isRedirectToClient(), () -> "signed in, got " + saved.next());
        assertEquals(1, recoveryCredentials(member.username()).size());
        assertFalse(saved.codes().stream().anyMatch(member.codes()::contains), "new codes");
        // every step an event: the reset (admin event), the new device and the new codes (user events)
        List<EventRepresentation> updates = DemoRealm.events(realm.admin(), member.username(), "UPDATE_CREDENTIAL");
        assertTrue(updates.stream().anyMatch(e -> "totp-guard".equals(e.getDetails().get("credential_type"))
                && "replacement".equals(e.getDetails().get("credential_user_label"))), "the new device");
        assertTrue(updates.stream().filter(e -> "recovery-authn-codes".equals(e.getDetails().get("credential_type"))).count() >= 2,
                "both sets of recovery codes");
    }

    @Test
    void recoveryCodesAfterEnrollmentCanBeRequiredOrOff() {
        DemoRealm.setEnrollConfig(realm, "totp-guard.recovery-codes", "require");
        String user = DemoRealm.createUser(realm.admin(), "required", true);
        Browser browser = new Browser(realm.getBaseUrl());
        Browser.Page enrollment = DemoRealm.password(browser, user);
        assertFalse(enrollment.body().contains("name=\"recoveryCodes\""), "no checkbox: not a choice");
        assertTrue(enrollment.body().contains("id=\"totp-guard-recovery-codes-next\""), "the page says what comes next");
        byte[] secret = DemoRealm.secretOfQr(enrollment);
        Browser.Page next = browser.submit(enrollment, Map.of("otp", Codes.sha1(secret, Codes.currentStep(30)), "userLabel", "phone"));
        assertTrue(RecoveryCodePages.isNewSet(next), () -> "recovery codes follow without asking, got " + next);

        DemoRealm.setEnrollConfig(realm, "totp-guard.recovery-codes", "off");
        String other = DemoRealm.createUser(realm.admin(), "nocodes", true);
        Browser second = new Browser(realm.getBaseUrl());
        Browser.Page page = DemoRealm.password(second, other);
        assertFalse(page.body().contains("name=\"recoveryCodes\""));
        assertFalse(page.body().contains("id=\"totp-guard-recovery-codes-next\""));
        byte[] otherSecret = DemoRealm.secretOfQr(page);
        Browser.Page done = second.submit(page, Map.of("otp", Codes.sha1(otherSecret, Codes.currentStep(30)),
                "userLabel", "phone", "recoveryCodes", "on"));
        assertTrue(done.isRedirectToClient(), () -> "off: no recovery codes, even when asked for by hand, got " + done);
        assertTrue(recoveryCredentials(other).isEmpty());
    }

    private List<CredentialRepresentation> recoveryCredentials(String username) {
        return RecoveryCodePages.credentials(realm, username);
    }
}
