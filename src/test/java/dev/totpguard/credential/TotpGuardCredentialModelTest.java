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
        assertTrue(device.getCredentialData().contains("\"lastStep\":42"));
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
        assertEquals(7L, read.lastStep());
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
        assertEquals(99L, failed.data().blockedUntil());
        TotpGuardCredentialModel later = failed.with(failed.data().accepted(9L, 1, 77L));
        assertEquals(9L, later.lastStep());
        assertEquals(0, later.data().failures(), "a success resets the count");
        assertEquals(0L, later.data().blockedUntil());
        assertEquals(1, later.data().drift());
        assertEquals(77L, later.data().lastUsed());
        assertEquals(7L, device.lastStep(), "immutable");
        assertEquals(device.getSecretData(), later.getSecretData());
        assertEquals(0, later.with(later.data().throttled(1, 1L).unlocked()).data().failures());
    }

    @Test
    void onlyTheLastStepAndLastUseLeaveTheStatusAsItWas() {
        TotpGuardCredentialModel.Data fresh = TotpGuardCredentialModel.create(Totp.defaults(), "a", 5L, 7L).data();
        TotpGuardCredentialModel.Data used = fresh.accepted(9L, 0, 1_000L);
        assertTrue(used.sameStatusAs(fresh), "a plain accepted code: same status, new step and use");
        assertTrue(used.accepted(10L, 0, 2_000L).sameStatusAs(used));
        assertFalse(fresh.accepted(9L, 2, 1_000L).sameStatusAs(fresh), "a new learned drift is shown");
        TotpGuardCredentialModel.Data failed = used.throttled(1, 0L);
        assertFalse(failed.sameStatusAs(used), "a failure is shown");
        assertFalse(failed.throttled(1, 5_000L).sameStatusAs(failed), "a wait is shown");
        assertFalse(failed.accepted(11L, 0, 3_000L).sameStatusAs(failed), "a success after failures clears them");
        assertFalse(failed.unlocked().sameStatusAs(failed));
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
