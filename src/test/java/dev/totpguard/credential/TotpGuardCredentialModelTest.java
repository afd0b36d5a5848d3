package dev.totpguard.credential;

import java.util.Arrays;

import dev.totpguard.otp.Base32;
import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.Totp;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TotpGuardCredentialModelTest {

    private static final byte[] SEED = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void keepsParametersPerDeviceAndTheSeedOnlyInSecretData() {
        TotpGuardCredentialModel device = TotpGuardCredentialModel.create(
                new Totp(HmacAlgorithm.SHA256, 8, 60, 0), SEED, "phone", 1000L, 42L);
        assertEquals("totp-guard", device.getType());
        assertEquals("phone", device.getUserLabel());
        String base32 = Base32.encode(SEED);
        assertFalse(device.getCredentialData().contains(base32), "no seed in the public data");
        assertTrue(device.getSecretData().contains(base32));
        assertTrue(device.getCredentialData().contains("\"algorithm\":\"SHA256\""), device.getCredentialData());
        assertTrue(device.getCredentialData().contains("\"digits\":8"));
        assertTrue(device.getCredentialData().contains("\"period\":60"));
        assertTrue(device.getCredentialData().contains("\"lastStep\":42"));
    }

    @Test
    void readsBackWhatItStores() {
        TotpGuardCredentialModel created = TotpGuardCredentialModel.create(Totp.defaults(), SEED, null, 5L, 7L);
        CredentialModel stored = new CredentialModel();
        stored.setId("id-1");
        stored.setType(created.getType());
        stored.setCreatedDate(created.getCreatedDate());
        stored.setCredentialData(created.getCredentialData());
        stored.setSecretData(created.getSecretData());

        TotpGuardCredentialModel read = TotpGuardCredentialModel.fromModel(stored);
        assertEquals("id-1", read.getId());
        assertArrayEquals(SEED, read.seed());
        assertEquals(7L, read.lastStep());
        assertEquals(HmacAlgorithm.SHA1, read.totp().algorithm());
        assertEquals(6, read.totp().digits());
        assertEquals(30, read.totp().periodSeconds());
    }

    @Test
    void recordsAnAcceptedStepWithoutTouchingTheSeed() {
        TotpGuardCredentialModel device = TotpGuardCredentialModel.create(Totp.defaults(), SEED, "a", 5L, 7L);
        TotpGuardCredentialModel later = device.with(device.data().accepted(9L, 1, 77L));
        assertEquals(9L, later.lastStep());
        assertEquals(7L, device.lastStep(), "immutable");
        assertEquals(device.getSecretData(), later.getSecretData());
        assertEquals("a", later.getUserLabel());
    }

    @Test
    void seedCopiesCannotChangeTheDevice() {
        TotpGuardCredentialModel device = TotpGuardCredentialModel.create(Totp.defaults(), SEED, "a", 5L, 7L);
        byte[] copy = device.seed();
        Arrays.fill(copy, (byte) 0);
        assertArrayEquals(SEED, device.seed());
    }

    @Test
    void unreadableSecretDataFailsWithoutShowingIt() {
        CredentialModel stored = new CredentialModel();
        stored.setType("totp-guard");
        stored.setCredentialData("{\"algorithm\":\"SHA1\",\"digits\":6,\"period\":30,\"lastStep\":1}");
        stored.setSecretData("{\"seed\":\"GEZDGNBVGY3TQOJQ" + "!!not json");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TotpGuardCredentialModel.fromModel(stored));
        assertFalse(e.getMessage().contains("GEZDGNBVGY3TQOJQ"));
        assertEquals(null, e.getCause(), "no cause that could carry the content");
    }

    @Test
    void refusesOtherCredentialTypes() {
        CredentialModel password = new CredentialModel();
        password.setType("password");
        assertThrows(IllegalArgumentException.class, () -> TotpGuardCredentialModel.fromModel(password));
    }
}
