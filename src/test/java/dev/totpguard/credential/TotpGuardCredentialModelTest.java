package dev.totpguard.credential;

import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.Totp;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TotpGuardCredentialModelTest {

    @Test
    void keepsParametersPerDeviceInThePublicData() {
        TotpGuardCredentialModel device = TotpGuardCredentialModel.create(new Totp(HmacAlgorithm.SHA256, 8, 60, 0), "phone", 1000L, 42L);
        assertEquals("totp-guard", device.getType());
        assertEquals("phone", device.getUserLabel());
        assertNull(device.getSecretData(), "the seed is added, encrypted, by the provider");
        assertTrue(device.getCredentialData().contains("\"algorithm\":\"SHA256\""), device.getCredentialData());
        assertTrue(device.getCredentialData().contains("\"digits\":8"));
        assertTrue(device.getCredentialData().contains("\"period\":60"));
        assertTrue(device.getCredentialData().contains("\"v\":2"), "the format version");
        assertFalse(device.getCredentialData().contains("lastStep"), "the moving state lives in its own row");
        assertEquals(42L, device.lastStep(), "the new device's row starts from it");
        assertFalse(device.stateInCredentialData());
    }

    @Test
    void readsBackWhatItStores() {
        TotpGuardCredentialModel created = TotpGuardCredentialModel.create(Totp.defaults(), null, 5L, 7L);
        CredentialModel stored = new CredentialModel();
        stored.setId("id-1");
        stored.setType(created.getType());
        stored.setCreatedDate(created.getCreatedDate());
        stored.setCredentialData(created.getCredentialData());
        stored.setSecretData("{\"v\":1,\"kid\":\"k1\",\"iv\":\"AAAA\",\"ct\":\"AAAA\"}");

        TotpGuardCredentialModel read = TotpGuardCredentialModel.fromModel(stored);
        assertEquals("id-1", read.getId());
        assertEquals(0L, read.lastStep(), "the state is not in the credential data: it comes from the row");
        assertEquals(HmacAlgorithm.SHA1, read.totp().algorithm());
        assertEquals(6, read.totp().digits());
        assertEquals(30, read.totp().periodSeconds());
        assertEquals("k1", read.storedSecret().kid());
    }

    @Test
    void recordsAttemptsWithoutTouchingTheSecret() {
        TotpGuardCredentialModel device = TotpGuardCredentialModel.create(Totp.defaults(), "a", 5L, 7L);
        device.setSecretData("{\"v\":1,\"kid\":\"k1\",\"iv\":\"AAAA\",\"ct\":\"AAAA\"}");
        TotpGuardCredentialModel failed = device.with(device.data().throttled(1, 99L));
        assertEquals(1, failed.data().failures());
        assertEquals(99L, failed.data().waitUntil());
        TotpGuardCredentialModel later = failed.with(failed.data().accepted(9L, 1, 77L));
        assertEquals(9L, later.lastStep());
        assertEquals(0, later.data().failures(), "a success resets the count");
        assertEquals(0L, later.data().waitUntil());
        assertEquals(1, later.data().drift());
        assertEquals(77L, later.data().lastUsed());
        assertEquals(7L, device.lastStep(), "immutable");
        assertEquals(device.getSecretData(), later.getSecretData());
        assertEquals(0, later.with(later.data().throttled(1, 1L).unlocked()).data().failures());
    }

    @Test
    void readsTheStateOfDataWrittenBeforeVersionTwo() {
        CredentialModel stored = new CredentialModel();
        stored.setId("old");
        stored.setType("totp-guard");
        // as totp-guard 0.1 wrote it: parameters and state together, no version
        stored.setCredentialData("{\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30,\"lastStep\":61234567,"
                + "\"drift\":-2,\"failures\":3,\"blockedUntil\":99,\"lastUsed\":1800000000000}");
        TotpGuardCredentialModel device = TotpGuardCredentialModel.fromModel(stored);
        assertTrue(device.stateInCredentialData());
        assertEquals(61234567L, device.lastStep());
        assertEquals(-2, device.data().drift());
        assertEquals(3, device.data().failures());
        assertTrue(device.data().counting());
        TotpGuardCredentialModel rewritten = device.with(device.data());
        assertFalse(rewritten.stateInCredentialData(), "written again, it is version 2: parameters only");
        assertEquals(device.data(), rewritten.data(), "the state stays with the model, for the row");
    }

    @Test
    void unreadableDataFailsWithoutShowingIt() {
        CredentialModel stored = new CredentialModel();
        stored.setType("totp-guard");
        stored.setCredentialData("{\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30,\"lastStep\":1}");
        stored.setSecretData("{\"seed\":\"GEZDGNBVGY3TQOJQ" + "!!not json");
        TotpGuardCredentialModel device = TotpGuardCredentialModel.fromModel(stored);
        IllegalStateException e = assertThrows(IllegalStateException.class, device::storedSecret);
        assertTrue(!e.getMessage().contains("GEZDGNBVGY3TQOJQ"));
        assertNull(e.getCause(), "no cause that could carry the content");
    }

    @Test
    void refusesOtherCredentialTypes() {
        CredentialModel password = new CredentialModel();
        password.setType("password");
        assertThrows(IllegalArgumentException.class, () -> TotpGuardCredentialModel.fromModel(password));
    }
}
