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
     * Lock order: an attempt that one statement cannot settle takes the user's device rows before their state rows,
     * as an admin unlock or a new device does, so it waits for such a transaction instead of holding a state row that
     * transaction then waits for. Here the crosswise wait would have been certain: a device of the older format (no
     * state row yet) sends the attempt to the credential rows while it held the other device's state row.
     */
    @Test
    void aWrongCodeWaitsForAnotherTransactionOnTheDeviceRowsInsteadOfDeadlocking() throws Exception {
        TotpDevice phone = DemoRealm.enrolledAdmin(realm.admin(), "state-order");
        TotpDevice older = TotpDevice.importedFor(realm, phone.username(), "tablet");
        runOnServer.run(Sql.updateOneRow("UPDATE CREDENTIAL SET CREDENTIAL_DATA = ?1 WHERE ID = ?2 AND TYPE = 'totp-guard'",
                "{\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30,\"lastStep\":0,\"drift\":0,\"failures\":0,"
                        + "\"blockedUntil\":0,\"lastUsed\":0}", older.credentialId()));
        runOnServer.run(Sql.updateOneRow("DELETE FROM TOTP_GUARD_DEVICE_STATE WHERE CREDENTIAL_ID = ?1", older.credentialId()));
        DemoRealm.Prompt prompt = DemoRealm.prompt(realm.admin(), phone.username());
        String wrong = Codes.sha1(phone.secret(), Codes.currentStep(30) - 50);

        // another transaction, as an admin unlock takes its locks: the user's device rows, a pause, then the state rows
        String userId = DemoRealm.userId(realm.admin(), phone.username());
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> runOnServer.run(deviceRowsThenStateRows(userId)));
        Thread.sleep(1_500);
        Browser.Page refused = prompt.submit(wrong);
        other.get(60, TimeUnit.SECONDS);

        assertTrue(refused.isCodePrompt() && refused.codeError().isPresent(),
                () -> "the wrong code is refused once the other transaction is done, not failed: " + refused);
        AdminApi api = new AdminApi(realm.getName());
        JsonNode devices = api.status(userId, api.masterAdminToken()).get("devices");
        assertEquals(2, devices.size(), devices::toString);
        for (JsonNode device : devices) {
            assertEquals(1, device.get("consecutiveFailures").asInt(), () -> "the failure counts, on both devices: " + devices);
        }
    }

    /**
     * A transaction that locks the user's device rows, waits until another session waits for one of its locks (10 s at
     * most), then locks the user's state rows: an admin unlock's order, with the attempt caught in between.
     */
    private static RunOnServer deviceRowsThenStateRows(String userId) {
        return session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            List<?> devices = em.createNativeQuery("SELECT ID FROM CREDENTIAL WHERE USER_ID = ?1 AND TYPE = 'totp-guard'"
                    + " ORDER BY ID FOR UPDATE").setParameter(1, userId).getResultList();
            if (devices.size() != 2) {
                throw new IllegalStateException("expected the user's two devices, got " + devices.size());
            }
            // H2 (the test server's database) names the session each session waits for
            boolean waitedFor = Waits.until(java.time.Duration.ofSeconds(10), 20, () -> ((Number) em.createNativeQuery(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = SESSION_ID()")
                    .getSingleResult()).intValue() > 0);
            if (!waitedFor) {
                throw new IllegalStateException("no attempt came to wait for the device rows");
            }
            em.createNativeQuery("SELECT CREDENTIAL_ID FROM TOTP_GUARD_DEVICE_STATE WHERE USER_ID = ?1 ORDER BY CREDENTIAL_ID"
                    + " FOR UPDATE").setParameter(1, userId).getResultList();
        };
    }
}
