package dev.totpguard.it;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Removing a device, whichever way, and signing in with a recovery code end every remembered browser of the user: a
 * browser remembered before is asked for a code again (the prompt is shown, not skipped; the user keeps another device,
 * so there is a prompt to show) and the admin API lists no remembered browser.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class DeviceRemovalRevocationIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    /** A user (no role admin) with two imported devices, "phone" (the default) and "tablet", and a remembered browser. */
    record Member(String username, String userId, TotpDevice phone, String tabletId, Remembering.Remembered remembered) {
    }

    @Test
    void removalInTheAccountConsoleRevokes() {
        Member member = member("rm-console");
        Browser console = DemoRealm.signIn(realm, member.phone()).browser();
        Browser.Page confirm = console.openLogin("kc_action", "delete_credential:" + member.tabletId());
        assertTrue(confirm.body().contains("kc-accept"), () -> "expected the delete confirmation, got " + confirm);
        Browser.Page done = console.submit(confirm, Map.of("accept", ""));
        assertTrue(done.isRedirectToClient(), done::toString);
        assertRemoved(member);
        assertTrue(DemoRealm.events(realm.admin(), member.username(), "REMOVE_CREDENTIAL").stream()
                .anyMatch(e -> "totp-guard".equals(e.getDetails().get("credential_type"))), "Keycloak's REMOVE_CREDENTIAL event");
        Remembering.assertPromptedAgain(realm, member.remembered());
    }

    @Test
    void removalThroughTheAccountRestApiRevokes() {
        Member member = member("rm-account");
        String token = DemoRealm.signIn(realm, member.phone()).tokens().get("access_token").asText();
        AdminApi.Reply response = AdminApi.delete(TotpGuardServerConfig.BASE_URL + "/realms/" + realm.getName()
                + "/account/credentials/" + member.tabletId(), token);
        assertEquals(204, response.status(), response::toString);
        assertRemoved(member);
        Remembering.assertPromptedAgain(realm, member.remembered());
    }

    @Test
    void removalThroughTheTotpGuardAdminApiRevokes() {
        Member member = member("rm-admin-api");
        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply reply = api.call("DELETE", "users/" + member.userId() + "/devices/" + member.tabletId(),
                api.masterAdminToken());
        assertEquals(204, reply.status(), reply::toString);
        assertRemoved(member);
        Remembering.assertPromptedAgain(realm, member.remembered());
    }

    @Test
    void removalThroughKeycloaksOwnAdminApiRevokes() {
        Member member = member("rm-kc-admin");
        realm.admin().users().get(member.userId()).removeCredential(member.tabletId());
        assertRemoved(member);
        Remembering.assertPromptedAgain(realm, member.remembered());
    }

    @Test
    void anotherCredentialRemovedByAnAdminRevokesNothing() {
        Member member = member("rm-other");
        String first = realm.admin().users().get(member.userId()).credentials().stream()
                .filter(c -> "totp-guard-remembered-browser".equals(c.getType())).findFirst().orElseThrow().getId();
        // a second remembered browser (same kind, same day: a label of its own); removing the first through
        // Keycloak's API leaves the second
        Remembering.Remembered second = Remembering.remember(realm, member.phone());
        realm.admin().users().get(member.userId()).removeCredential(first);
        assertTrue(Remembering.passwordOnly(realm, second).isRedirectToClient(),
                "removing one remembered browser leaves the others");
    }

    @Test
    void aSignInWithARecoveryCodeRevokes() {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "rm-recovery");
        Remembering.Remembered remembered = Remembering.remember(realm, member.device());

        Browser other = new Browser(realm.getBaseUrl());
        Browser.Page input = RecoveryCodePages.tryAnotherWay(other, DemoRealm.password(other, member.username()));
        Browser.Page enrollment = RecoveryCodePages.answer(other, input, member.codes());
        assertTrue(enrollment.isEnrollment(), () -> "after a recovery code, the enrollment page; got " + enrollment);

        // the phone was not removed (the user only used a recovery code), so the remembered browser has a prompt
        Remembering.assertPromptedAgain(realm, remembered);
    }

    @Test
    void removalOnTheEnrollmentPageAfterARecoveryCodeRevokes() {
        RecoveryCodePages.Member member = RecoveryCodePages.member(realm, "rm-enroll-page");
        String lostId = member.device().credentialId();
        TotpDevice tablet = TotpDevice.importedFor(realm, member.username(), "tablet");
        // the tablet first in the user's credentials: Keycloak then opens the code prompt, not the recovery-code form
        // (which comes before a device added after it), once the old phone is gone
        realm.admin().users().get(member.userId()).moveCredentialToFirst(tablet.credentialId());

        // the recovery code first (it revokes what was remembered until then), at the enrollment page of that visit
        Browser visit = new Browser(realm.getBaseUrl());
        Browser.Page input = RecoveryCodePages.tryAnotherWay(visit, DemoRealm.password(visit, member.username()));
        Browser.Page enrollment = RecoveryCodePages.answer(visit, input, member.codes());
        assertTrue(enrollment.isEnrollment(), enrollment::toString);
        // meanwhile a browser is remembered (with the tablet, the default device)
        Remembering.Remembered remembered = Remembering.remember(realm, tablet);

        // the user removes the old phone on the enrollment page
        String form = enrollment.find("id=\"(totp-guard-remove-form-[0-9]+)\"(?:(?!</form>).)*?value=\"" + lostId + "\"")
                .orElseThrow(() -> new AssertionError("no remove form for the old phone on " + enrollment));
        Browser.Page removed = visit.submitForm(enrollment, form, Map.of("removeDevice", lostId));
        assertTrue(removed.isEnrollment(), removed::toString);
        assertEquals(List.of(tablet.credentialId()), DemoRealm.devices(realm.admin(), member.username()).stream()
                .map(CredentialRepresentation::getId).toList(), "the tablet is left");
        EventRepresentation event = DemoRealm.events(realm.admin(), member.username(), "REMOVE_CREDENTIAL").stream()
                .filter(e -> lostId.equals(e.getDetails().get("credential_id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no REMOVE_CREDENTIAL event for the old phone"));
        assertEquals("totp-guard", event.getDetails().get("credential_type"));

        Remembering.assertPromptedAgain(realm, remembered);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Member member(String prefix) {
        TotpDevice phone = TotpDevice.importedForNewUser(realm, prefix, false);
        String tabletId = TotpDevice.importedFor(realm, phone.username(), "tablet").credentialId();
        Remembering.Remembered remembered = Remembering.remember(realm, phone);
        return new Member(phone.username(), phone.userId(), phone, tabletId, remembered);
    }

    private void assertRemoved(Member member) {
        assertTrue(DemoRealm.devices(realm.admin(), member.username()).stream().noneMatch(d -> d.getId().equals(member.tabletId())),
                "the tablet is removed");
        assertEquals(1, DemoRealm.devices(realm.admin(), member.username()).size(), "the phone is left");
    }

}
