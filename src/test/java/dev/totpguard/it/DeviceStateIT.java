package dev.totpguard.it;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.runonserver.InjectRunOnServer;
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
}
