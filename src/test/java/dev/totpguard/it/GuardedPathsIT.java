package dev.totpguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.runonserver.InjectRunOnServer;
import org.keycloak.testframework.remote.runonserver.RunOnServerClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way into a device meets the same guard on the browser prompt: one limit per user whatever device is chosen
 * (B5), a resync range above the verifier's window still counts wrong codes, a seed that is not sealed by our keys is
 * refused even when written straight into the database (S5), and a device removed by an admin, or whose row is gone
 * while this node's cache still holds it, refuses the code of a login already at the prompt (S4). Database writes go
 * through {@link Sql}: plain SQL, no Keycloak or totp-guard code path.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class GuardedPathsIT {

    private static final String FIELD_DEVICE = "selectedCredentialId";
    /** The demo realm's config of the admins' TOTP Guard form (sub-flow "totp-guard for admins"). */
    private static final String ADMINS_CONFIG = "totp-guard window";

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectRunOnServer(permittedPackages = "dev.totpguard.it")
    RunOnServerClient runOnServer;

    // B5
    @Test
    void rotatingDevicesBuysNoMoreGuessesThanOneDevice() {
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            TotpDevice first = DemoRealm.enrolledAdmin(realm.admin(), "b5");
            String userId = first.userId();
            AdminApi api = new AdminApi(realm.getName());
            String admin = api.masterAdminToken();
            List<byte[]> seeds = new ArrayList<>(List.of(first.secret()));
            List<String> ids = new ArrayList<>(List.of(first.credentialId()));
            for (int i = 2; i <= 3; i++) {
                byte[] seed = Guesses.seed();
                AdminApi.Reply imported = api.call("POST", "users/" + userId + "/devices", admin,
                        "{\"secret\":\"" + Guesses.base32(seed) + "\",\"label\":\"token " + i + "\"}");
                assertEquals(201, imported.status(), () -> "device imported: " + imported.status());
                seeds.add(seed);
                ids.add(imported.json().get("id").asText());
            }

            DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), first.username());
            Browser.Page page = prompt.page();
            for (String id : ids) {
                assertTrue(page.body().contains("value=\"" + id + "\""), "the prompt offers every device");
            }
            Codes.awayFromStepBoundary(0);
            long now = Codes.currentStep(30);
            List<String> sent = new ArrayList<>();
            for (int failure = 0; failure < 5; failure++) {
                int device = failure % ids.size();
                String wrong = Guesses.wrong(seeds.get(device), now, 2);
                sent.add(wrong);
                page = prompt.browser().submit(page, Map.of(FIELD_DEVICE, ids.get(device), "otp", wrong));
                Browser.Page refused = page;
                assertTrue(refused.isCodePrompt() && refused.codeError().isPresent(),
                        () -> "a wrong code gets the prompt with an error, got " + refused);
                if (failure == 3) {
                    JsonNode status = api.call("GET", "users/" + userId, admin).json();
                    for (JsonNode d : status.get("devices")) {
                        assertEquals("active", d.get("state").asText(), "four failures: no wait yet (as with one device)");
                    }
                }
            }

            // the third device has seen one failure only: its right code is refused all the same
            String right = Codes.sha1(seeds.get(2), now);
            sent.add(right);
            Browser.Page last = prompt.browser().submit(page, Map.of(FIELD_DEVICE, ids.get(2), "otp", right));
            System.out.printf("[figures] B5 3 devices, 5 wrong codes rotated over them, then the right code of the"
                    + " least-tried device: %s%n", last.isRedirectToClient() ? "accepted" : "refused");
            assertFalse(last.isRedirectToClient(), () -> "after five failures on any of the user's devices the user waits,"
                    + " like with one device; got " + last);
            assertTrue(last.isCodePrompt() && last.codeError().isPresent(), () -> "the prompt with an error, got " + last);

            AdminApi.Reply status = api.call("GET", "users/" + userId, admin);
            assertEquals(200, status.status(), status::toString);
            List<String> states = new ArrayList<>();
            status.json().get("devices").forEach(d -> states.add(d.get("state").asText()));
            assertEquals(List.of("waiting", "waiting", "waiting"), states, "the status API reports the user waiting");
            List<String> secrets = new ArrayList<>(sent);
            seeds.forEach(s -> secrets.add(Guesses.base32(s)));
            DemoRealm.assertNowhere(secrets, realm.admin().getEvents());
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    @Test
    void resyncRangeAboveTheVerifierWindowStillCountsWrongCodes() {
        AuthenticatorConfigRepresentation config = Flows.setFormConfig(realm, "totp-guard for admins",
                Map.of("totp-guard.resync-range", "30"));
        assertEquals(ADMINS_CONFIG, config.getAlias());
        DemoRealm.bruteForceDetection(realm.admin(), false);
        try {
            TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "resync30");
            String credentialId = device.credentialId();
            DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
            Browser.Page page = prompt.page();
            long step = device.enrollmentStep() + 1;
            List<String> sent = new ArrayList<>();
            for (int failure = 1; failure <= 5; failure++) {
                // wrong for every step the server may look at: the window and ±30 around it
                String wrong = device.wrongCode(step, 33);
                sent.add(wrong);
                page = prompt.browser().submit(page, Map.of(FIELD_DEVICE, credentialId, "otp", wrong));
                Browser.Page answer = page;
                int n = failure;
                assertEquals(200, answer.status(), () -> "wrong code " + n + ": the prompt, not an error page; got " + answer);
                assertTrue(answer.isCodePrompt() && answer.codeError().isPresent(),
                        () -> "wrong code " + n + ": the prompt with an error message, got " + answer);
            }
            String right = Codes.sha1(device.secret(), step);
            sent.add(right);
            Browser.Page refused = prompt.browser().submit(page, Map.of(FIELD_DEVICE, credentialId, "otp", right));
            assertFalse(refused.isRedirectToClient(), () -> "five wrong codes were counted: the right code waits, got " + refused);
            assertTrue(refused.isCodePrompt(), () -> "the prompt, got " + refused);
            long invalid = DemoRealm.events(realm.admin(), device.username(), "LOGIN_ERROR").stream()
                    .map(EventRepresentation::getDetails).filter(d -> d != null && "invalid".equals(d.get("reason"))).count();
            assertEquals(5, invalid, "each wrong code is an audited failure");
            DemoRealm.assertNowhere(sent, realm.admin().getEvents());
        } finally {
            DemoRealm.bruteForceDetection(realm.admin(), true);
        }
    }

    // S5: an attacker with write access to the database plants a seed they know, in plaintext
    @Test
    void unsealedSeedWrittenIntoTheDatabaseIsRefusedAndReported() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "s5");
        String credentialId = device.credentialId();
        byte[] planted = Guesses.seed();
        runOnServer.run(Sql.updateOneRow("UPDATE CREDENTIAL SET SECRET_DATA = ?1 WHERE ID = ?2 AND TYPE = 'totp-guard'",
                "{\"seed\":\"" + Guesses.base32(planted) + "\"}", credentialId));
        // Keycloak caches credentials (ours as every type): a row changed behind its back is read once the user's
        // cache entry goes — at once on every node when Keycloak writes it, here by the admin's "Clear user cache"
        realm.admin().clearUserCache();

        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
        String code = Codes.sha1(planted, device.enrollmentStep() + 1);
        Browser.Page page = prompt.browser().submit(prompt.page(), Map.of(FIELD_DEVICE, credentialId, "otp", code));
        System.out.printf("[figures] S5 a plaintext seed written into the database: the sign-in with its code is %s%n",
                page.isRedirectToClient() ? "accepted" : "refused");
        assertFalse(page.isRedirectToClient(), () -> "a seed not sealed by our keys never signs in, got " + page);
        assertTrue(page.isCodePrompt() && page.codeError().isPresent(), () -> "the prompt with an error, got " + page);

        List<EventRepresentation> errors = DemoRealm.events(realm.admin(), device.username(), "LOGIN_ERROR");
        assertTrue(errors.stream().map(EventRepresentation::getDetails).anyMatch(d -> d != null
                        && "unsealed".equals(d.get("reason")) && DemoRealm.TYPE.equals(d.get("credential_type"))),
                "a LOGIN_ERROR with reason unsealed");
        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply keys = api.call("GET", "keys", api.masterAdminToken());
        assertEquals(200, keys.status(), keys::toString);
        assertEquals(1, keys.json().path("devicesByKey").path("unsealed").asLong(),
                "GET keys reports the device as unsealed: " + keys.json().path("devicesByKey"));
        DemoRealm.assertNowhere(List.of(code, Guesses.base32(planted)), realm.admin().getEvents());
    }

    // S4 while a login is in flight
    @Test
    void deviceRemovedByAnAdminRefusesTheCodeOfALoginAlreadyAtThePrompt() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "s4");
        String userId = device.userId();
        List<CredentialRepresentation> devices = DemoRealm.devices(realm.admin(), device.username());
        String credentialId = devices.get(0).getId();
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());

        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply removed = api.call("DELETE", "users/" + userId + "/devices/" + credentialId, api.masterAdminToken());
        assertEquals(204, removed.status(), removed::toString);

        Browser.Page page = prompt.browser().submit(prompt.page(),
                Map.of(FIELD_DEVICE, credentialId, "otp", Codes.sha1(device.secret(), device.enrollmentStep() + 1)));
        assertTrue(page.status() < 500, () -> "no server error, got " + page);
        assertFalse(page.isRedirectToClient(), () -> "a removed device's code signs nobody in, got " + page);
    }

    // S4 across nodes: the row is gone, this node's cache still holds the device
    @Test
    void deviceWhoseRowIsGoneRefusesTheCodeOfALoginAlreadyAtThePrompt() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "s4-row");
        String credentialId = device.credentialId();
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
        // as an admin's removal on another node does before its cache invalidation arrives here
        runOnServer.run(Sql.updateOneRow("DELETE FROM CREDENTIAL WHERE ID = ?1 AND TYPE = 'totp-guard'", credentialId));

        Browser.Page page = prompt.browser().submit(prompt.page(),
                Map.of(FIELD_DEVICE, credentialId, "otp", Codes.sha1(device.secret(), device.enrollmentStep() + 1)));
        assertTrue(page.status() < 500, () -> "no server error, got " + page);
        assertFalse(page.isRedirectToClient(), () -> "a device whose row is gone signs nobody in, got " + page);
    }
}
