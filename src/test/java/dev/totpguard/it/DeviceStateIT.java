package dev.totpguard.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.runonserver.InjectRunOnServer;
import org.keycloak.testframework.remote.providers.runonserver.RunOnServer;
import org.keycloak.testframework.remote.runonserver.RunOnServerClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A device's moving state lives in its own table ({@code TOTP_GUARD_DEVICE_STATE}), not in Keycloak's credential row:
 * what Keycloak stores for a device is its parameters only, and a device written by an older version (state inside its
 * credential data, no row) keeps its last step and its failures: they move into the row on its first use. Database
 * writes go through {@link Sql}: plain SQL, as data written by the previous release looks.
 */
@KeycloakIntegrationTest(config = TotpGuardServerConfig.class)
class DeviceStateIT {

    @InjectRealm(fromJson = DemoRealm.JSON)
    ManagedRealm realm;

    @InjectRunOnServer(permittedPackages = "dev.totpguard.it")
    RunOnServerClient runOnServer;

    @Test
    void keycloaksCredentialHoldsTheParametersOnlyAndTheStateMovesWithEveryCode() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "state-v2");
        Codes.awayFromStepBoundary(0);
        long step = Codes.currentStep(30) + 1;
        Browser.Page in = DemoRealm.prompt(realm.admin(), device.username()).submit(Codes.sha1(device.secret(), step));
        assertTrue(in.isRedirectToClient(), () -> "signed in, got " + in);

        CredentialRepresentation stored = DemoRealm.devices(realm.admin(), device.username()).get(0);
        String data = stored.getCredentialData();
        assertTrue(data.contains("\"v\":2"), data);
        for (String moving : new String[]{"lastStep", "failures", "blockedUntil", "drift", "lastUsed"}) {
            assertFalse(data.contains(moving), () -> "no " + moving + " in Keycloak's credential: " + data);
        }
        JsonNode state = DemoRealm.deviceData(realm.admin(), device.username());
        assertEquals(step, state.get("lastStep").asLong(), "the accepted step is in the device's row");
        assertTrue(state.get("lastUsed").asLong() > 0);
    }

    @Test
    void aDeviceOfTheOlderFormatKeepsItsLastStepAndFailuresAndMovesOverOnFirstUse() {
        TotpDevice device = DemoRealm.enrolledAdmin(realm.admin(), "state-legacy");
        String credentialId = device.credentialId();
        Codes.awayFromStepBoundary(0);
        long last = Codes.currentStep(30);
        // as totp-guard before 0.2.0 stored a device: its state inside the credential data, no row of its own
        String legacy = "{\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30,\"lastStep\":" + last
                + ",\"drift\":0,\"failures\":2,\"blockedUntil\":0,\"lastUsed\":1800000000000}";
        runOnServer.run(Sql.updateOneRow("UPDATE CREDENTIAL SET CREDENTIAL_DATA = ?1 WHERE ID = ?2 AND TYPE = 'totp-guard'",
                legacy, credentialId));
        runOnServer.run(Sql.updateOneRow("DELETE FROM TOTP_GUARD_DEVICE_STATE WHERE CREDENTIAL_ID = ?1", credentialId));

        JsonNode before = DemoRealm.deviceData(realm.admin(), device.username());
        assertEquals(last, before.get("lastStep").asLong(), "the admin API reads the older format");
        assertEquals(2, before.get("failures").asInt());

        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), device.username());
        Browser.Page replayed = prompt.submit(Codes.sha1(device.secret(), last));
        assertTrue(replayed.isCodePrompt() && replayed.codeError().isPresent(),
                () -> "the step the older version accepted last is refused, got " + replayed);
        JsonNode moved = DemoRealm.deviceData(realm.admin(), device.username());
        assertEquals(3, moved.get("failures").asInt(), "the older count, plus the replay");
        assertEquals(last, moved.get("lastStep").asLong());

        Browser.Page in = prompt.browser().submit(replayed, Map.of("otp", Codes.sha1(device.secret(), last + 1)));
        assertTrue(in.isRedirectToClient(), () -> "the next step signs in, got " + in);
        JsonNode after = DemoRealm.deviceData(realm.admin(), device.username());
        assertEquals(last + 1, after.get("lastStep").asLong());
        assertEquals(0, after.get("failures").asInt(), "a success clears the count");
    }

    /**
     * Lock order: an admin unlock takes the user's state rows before the device rows, as a sign-in attempt does (the
     * attempt holds state rows first, and takes device rows after them only for a device it did not know), so an unlock
     * waits for such an attempt instead of holding a device row the attempt then waits for.
     */
    @Test
    void anUnlockWaitsForAnAttemptHoldingTheStateRowsInsteadOfDeadlocking() throws Exception {
        TotpDevice phone = DemoRealm.enrolledAdmin(realm.admin(), "state-order");
        String userId = DemoRealm.userId(realm.admin(), phone.username());
        DemoRealm.prompt(realm.admin(), phone.username()).refused(Codes.sha1(phone.secret(), Codes.currentStep(30) - 50));
        assertEquals(1, DemoRealm.deviceData(realm.admin(), phone.username()).get("failures").asInt());

        // an attempt's locks, held: the state rows, then, once the unlock waits, the device rows
        CompletableFuture<Void> attempt = CompletableFuture.runAsync(() -> runOnServer.run(stateRowsThenDeviceRows(userId)));
        Thread.sleep(1_500);
        AdminApi api = new AdminApi(realm.getName());
        AdminApi.Reply unlocked = api.call("POST", "users/" + userId + "/unlock", api.masterAdminToken());
        attempt.get(60, TimeUnit.SECONDS);

        assertEquals(200, unlocked.status(), () -> "the unlock waited and went through, not failed: " + unlocked);
        assertEquals(0, DemoRealm.deviceData(realm.admin(), phone.username()).get("failures").asInt(), "unlocked");
    }

    /**
     * A transaction that locks the user's state rows, waits until another session waits for one of its locks (10 s at
     * most), then locks the user's device rows: a sign-in attempt on a device it did not know, caught in between.
     */
    private static RunOnServer stateRowsThenDeviceRows(String userId) {
        return session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            List<?> states = em.createNativeQuery("SELECT CREDENTIAL_ID FROM TOTP_GUARD_DEVICE_STATE WHERE USER_ID = ?1"
                    + " ORDER BY CREDENTIAL_ID FOR UPDATE").setParameter(1, userId).getResultList();
            if (states.size() != 1) {
                throw new IllegalStateException("expected the user's state row, got " + states.size());
            }
            // H2 (the test server's database) names the session each session waits for
            boolean waitedFor = Waits.until(java.time.Duration.ofSeconds(10), 20, () -> ((Number) em.createNativeQuery(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = SESSION_ID()")
                    .getSingleResult()).intValue() > 0);
            if (!waitedFor) {
                throw new IllegalStateException("the unlock never came to wait for the state rows");
            }
            em.createNativeQuery("SELECT ID FROM CREDENTIAL WHERE USER_ID = ?1 AND TYPE = 'totp-guard' ORDER BY ID"
                    + " FOR UPDATE").setParameter(1, userId).getResultList();
        };
    }
}
