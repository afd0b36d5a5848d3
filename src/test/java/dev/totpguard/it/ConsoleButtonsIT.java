package dev.totpguard.it;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Admin Console's own buttons do what they say for TOTP Guard: Keycloak's Unlock (one user, the "Temporarily
 * locked" switch: {@code DELETE …/attack-detection/brute-force/users/{id}}; every user, "Unlock users":
 * {@code DELETE …/attack-detection/brute-force/users}) ends our wait and lockout too, with our admin event ACTION
 * {@code users/{id}/totp-guard/unlock}; the Credentials tab's Delete of a device ({@code DELETE
 * …/users/{id}/credentials/{id}}) mails the user, revokes the remembered browsers and is recorded naming the device.
 * The realm's brute-force detection is on (the demo's): the console shows Unlock only then, and Keycloak sends the
 * one-user event only for a user it holds a failure record of; the wrong codes come slower than its quick-login check.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class ConsoleButtonsIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectMailServer
    MailServer mail;

    @Test
    void keycloaksUnlockOfOneUserEndsOurWait() {
        TotpDevice member = TotpDevice.importedForNewUser(realm, "unlock-wait", false);
        DemoRealm.Prompt prompt = wrongCodes(member, 5); // the realm's failure limit: a wait of 30 s starts
        Browser.Page waiting = prompt.browser().submit(prompt.page(), Map.of("otp", member.nextCode()));
        assertTrue(waiting.isCodePrompt(), () -> "the right code waits, got " + waiting);
        JsonNode device = DemoRealm.deviceData(realm.admin(), member.username());
        assertEquals(5, device.get("failures").asInt(), device::toString);
        assertTrue(device.get("waitUntil").asLong() > System.currentTimeMillis(), () -> "our wait: " + device);

        realm.admin().attackDetection().clearBruteForceForUser(member.userId());

        Browser.Page in = prompt.browser().submit(waiting, Map.of("otp", member.codeAt(member.lastStep())));
        assertTrue(in.isRedirectToClient(), () -> "after Keycloak's Unlock the right code signs in at once, got " + in);
        assertUnlockEvent(member, "attack-detection/brute-force/users/" + member.userId());
        assertEquals(0, DemoRealm.deviceData(realm.admin(), member.username()).get("failures").asInt());
    }

    @Test
    void keycloaksUnlockOfOneUserEndsOurLockout() {
        Flows.setFormConfig(realm, "totp-guard code or recovery code", Map.of("totp-guard.lockout-after", "5"));
        TotpDevice member = TotpDevice.importedForNewUser(realm, "unlock-locked", false);
        DemoRealm.Prompt prompt = wrongCodes(member, 5);
        Browser.Page locked = prompt.browser().submit(prompt.page(), Map.of("otp", member.nextCode()));
        assertTrue(locked.isCodePrompt(), () -> "the right code is refused while locked, got " + locked);
        assertEquals(5, DemoRealm.deviceData(realm.admin(), member.username()).get("failures").asInt(),
                "the lockout after 5 failures");

        realm.admin().attackDetection().clearBruteForceForUser(member.userId());

        Browser.Page in = prompt.browser().submit(locked, Map.of("otp", member.codeAt(member.lastStep())));
        assertTrue(in.isRedirectToClient(), () -> "after Keycloak's Unlock the right code signs in at once, got " + in);
        assertUnlockEvent(member, "attack-detection/brute-force/users/" + member.userId());
        assertEquals(0, DemoRealm.deviceData(realm.admin(), member.username()).get("failures").asInt());
    }

    @Test
    void keycloaksUnlockUsersEndsEveryonesWait() {
        TotpDevice first = TotpDevice.importedForNewUser(realm, "unlock-all-1", false);
        TotpDevice second = TotpDevice.importedForNewUser(realm, "unlock-all-2", false);
        DemoRealm.Prompt firstPrompt = wrongCodes(first, 5);
        DemoRealm.Prompt secondPrompt = wrongCodes(second, 5);

        realm.admin().attackDetection().clearAllBruteForce();

        for (Object[] pair : new Object[][]{{first, firstPrompt}, {second, secondPrompt}}) {
            TotpDevice member = (TotpDevice) pair[0];
            DemoRealm.Prompt prompt = (DemoRealm.Prompt) pair[1];
            Browser.Page in = prompt.submit(member.nextCode());
            assertTrue(in.isRedirectToClient(), () -> member.username() + " signs in at once, got " + in);
            assertUnlockEvent(member, "attack-detection/brute-force/users");
        }
    }

    @Test
    void deletingADeviceInTheCredentialsTabMailsRevokesAndIsRecorded() {
        TotpDevice member = TotpDevice.importedForNewUser(realm, "console-delete", false);
        String tabletId = TotpDevice.importedFor(realm, member.username(), "tablet").credentialId();
        Remembering.Remembered remembered = Remembering.remember(realm, member);

        realm.admin().users().get(member.userId()).removeCredential(tabletId);

        Mails.Mail removed = Mails.await(mail, member.username() + "@example.com", m -> m.subject().contains("removed"));
        assertTrue(removed.text().contains("An administrator removed an authenticator device"), removed::text);
        assertTrue(removed.text().contains("Device: tablet"), removed::text);
        Remembering.assertPromptedAgain(realm, remembered);
        List<AdminEventRepresentation> events = realm.admin().getAdminEvents(null, null, null, null, null,
                "users/" + member.userId() + "/credentials/" + tabletId, null, null, 0, 10);
        assertEquals(1, events.size(), () -> "one admin event for the removal: " + events);
        Map<String, String> details = events.get(0).getDetails();
        assertEquals("totp-guard", details.get("credential_type"), details::toString);
        assertEquals(tabletId, details.get("credential_id"), details::toString);
        assertEquals("tablet", details.get("credential_user_label"), details::toString);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** At the code prompt, {@code count} wrong codes; returns the prompt after them. */
    private DemoRealm.Prompt wrongCodes(TotpDevice member, int count) {
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), member.username());
        byte[] none = Guesses.seed(); // codes of another seed: wrong for the phone (a match by chance is 1 in a million)
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                Waits.sleep(1_100); // slower than Keycloak's quick-login check (1 s), which would lock the user on its own first
            }
            prompt = prompt.refused(Codes.sha1(none, Codes.currentStep(30) - i));
        }
        return prompt;
    }

    /** Our admin event ACTION users/{id}/totp-guard/unlock, naming the device, by the admin of Keycloak's own event. */
    private void assertUnlockEvent(TotpDevice member, String keycloakPath) {
        AdminEventRepresentation ours = AdminApi.adminEvent(realm.admin(), member.userId(), "unlock");
        assertEquals("ACTION", ours.getOperationType(), "our unlock admin event");
        JsonNode representation = AdminApi.representation(ours);
        assertEquals("unlock", representation.get("action").asText(), representation::toString);
        assertEquals(member.credentialId(), representation.get("devices").get(0).get("credentialId").asText(),
                representation::toString);
        AdminEventRepresentation keycloaks = realm.admin().getAdminEvents(List.of("DELETE"), null, null, null, null,
                keycloakPath, null, null, 0, 10).stream().findFirst()
                .orElseThrow(() -> new AssertionError("Keycloak's own event at " + keycloakPath));
        assertEquals("USER_LOGIN_FAILURE", keycloaks.getResourceType());
        assertNotNull(ours.getAuthDetails().getUserId());
        assertEquals(keycloaks.getAuthDetails().getUserId(), ours.getAuthDetails().getUserId(), "the same admin");
        assertEquals(keycloaks.getAuthDetails().getClientId(), ours.getAuthDetails().getClientId(), "the same client");
    }
}
