package dev.totpguard.admin;

import java.util.List;

import dev.totpguard.credential.TotpGuardCredentialModel;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;
import org.keycloak.util.JsonSerialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceStatusTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final String SEED_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    /** A stored device as Keycloak hands it over; the secret part holds a seed the mapping must never copy. */
    private static CredentialModel stored(TotpGuardCredentialModel.Data data) throws Exception {
        CredentialModel stored = new CredentialModel();
        stored.setId("cred-1");
        stored.setType(TotpGuardCredentialModel.TYPE);
        stored.setUserLabel("phone");
        stored.setCreatedDate(NOW - 86_400_000L);
        stored.setCredentialData(JsonSerialization.writeValueAsString(data));
        stored.setSecretData("{\"v\":1,\"kid\":\"k1\",\"iv\":\"AAAA\",\"ct\":\"AAAA\"}");
        return stored;
    }

    /** A row written outside totp-guard: the seed in plaintext. */
    private static CredentialModel unsealed(TotpGuardCredentialModel.Data data) throws Exception {
        CredentialModel stored = stored(data);
        stored.setSecretData("{\"seed\":\"" + SEED_BASE32 + "\"}");
        return stored;
    }

    @Test
    void aPlaintextSeedIsReportedUnsealedWithoutShowingIt() throws Exception {
        DeviceStatus status = DeviceStatus.of(unsealed(new TotpGuardCredentialModel.Data("SHA1", 6, 30, 42L, 0, 0, 0L, 0L)),
                NOW, 100);
        assertEquals(DeviceState.UNSEALED, status.state());
        assertFalse(JsonSerialization.writeValueAsString(status).contains(SEED_BASE32));
    }

    @Test
    void mapsPublicParametersAndCountersOfAStoredDevice() throws Exception {
        DeviceStatus status = DeviceStatus.of(stored(new TotpGuardCredentialModel.Data("SHA256", 8, 60, 42L, -2, 3,
                NOW + 30_000, NOW - 1000)), NOW, 100);
        assertEquals("cred-1", status.id());
        assertEquals("phone", status.label());
        assertEquals(NOW - 86_400_000L, status.created());
        assertEquals("SHA256", status.algorithm());
        assertEquals(8, status.digits());
        assertEquals(60, status.period());
        assertEquals(NOW - 1000, status.lastUsed());
        assertEquals(-2, status.drift());
        assertEquals(3, status.consecutiveFailures());
        assertEquals(NOW + 30_000, status.waitUntil());
        assertEquals(status.waitUntil(), status.blockedUntil(), "the deprecated name says the same");
        assertEquals(DeviceState.WAITING, status.state());
    }

    @Test
    void neverUsedAndNotWaitingAreNull() throws Exception {
        DeviceStatus status = DeviceStatus.of(stored(new TotpGuardCredentialModel.Data("SHA1", 6, 30, 42L, 0, 0,
                NOW - 1, 0L)), NOW, 100);
        assertNull(status.lastUsed());
        assertNull(status.waitUntil(), "a wait in the past is no wait");
        assertNull(status.blockedUntil());
        assertEquals(DeviceState.ACTIVE, status.state());
    }

    @Test
    void jsonCarriesNoSecret() throws Exception {
        DeviceStatus status = DeviceStatus.of(unsealed(new TotpGuardCredentialModel.Data("SHA1", 6, 30, 42L, 0, 0, 0L, 0L)),
                NOW, 100);
        String json = JsonSerialization.writeValueAsString(new UserStatus("u", "alice", "totp-guard", false, 100,
                new UserStatus.RealmLock(false, false), List.of(status)));
        assertFalse(json.contains(SEED_BASE32), json);
        assertFalse(json.toLowerCase(java.util.Locale.ROOT).contains("secret"), json);
        assertFalse(json.toLowerCase(java.util.Locale.ROOT).contains("seed"), json);
        assertTrue(json.contains("\"state\":\"unsealed\""), json);
        assertTrue(json.contains("\"lastUsed\":null"), "absent values are explicit nulls: " + json);
    }

    @Test
    void unreadablePublicDataGivesTheStateOnly() {
        CredentialModel broken = new CredentialModel();
        broken.setId("cred-2");
        broken.setType(TotpGuardCredentialModel.TYPE);
        broken.setUserLabel("old");
        broken.setCredentialData("{not json");
        DeviceStatus status = DeviceStatus.of(broken, NOW, 100);
        assertEquals("cred-2", status.id());
        assertEquals(DeviceState.UNREADABLE, status.state());
        assertNull(status.algorithm());
        assertNull(DeviceStatus.data(null));
    }
}
