package dev.totpguard.credential;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import dev.totpguard.guard.SeedUnavailableException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.totpguard.testing.Bytes.contains;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedCipherTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = SeedCipher.associatedData("realm", "user", "credential");

    private static SeedKeys keys(String... lines) {
        return SeedKeys.parse(List.of(lines), null, "test");
    }

    private final String k1 = SeedKeys.newKeyLine("k1", RANDOM);
    private final String k2 = SeedKeys.newKeyLine("k2", RANDOM);

    @Test
    void roundTripsUnderThePrimaryKey() {
        SeedKeys ring = keys(k1, k2);
        SeedCipher.Sealed sealed = SeedCipher.seal(ring, SEED, AAD);
        assertEquals("k2", sealed.keyId(), "the last key is primary");
        assertEquals(SEED.length + 16, sealed.ciphertext().length, "ciphertext plus 128-bit tag");
        assertFalse(contains(sealed.ciphertext(), SEED));
        assertArrayEquals(SEED, SeedCipher.open(ring, sealed, AAD));
        assertFalse(sealed.toString().contains(Arrays.toString(sealed.ciphertext())));
    }

    @Test
    void freshNonceEveryTime() {
        SeedKeys ring = keys(k1);
        assertFalse(Arrays.equals(SeedCipher.seal(ring, SEED, AAD).iv(), SeedCipher.seal(ring, SEED, AAD).iv()));
    }

    @Test
    void rejectsTampering() {
        SeedKeys ring = keys(k1);
        SeedCipher.Sealed sealed = SeedCipher.seal(ring, SEED, AAD);
        byte[] ct = sealed.ciphertext().clone();
        ct[0] ^= 1;
        assertThrows(SeedUnavailableException.class, () -> SeedCipher.open(ring, new SeedCipher.Sealed("k1", sealed.iv(), ct), AAD));
        byte[] iv = sealed.iv().clone();
        iv[0] ^= 1;
        assertThrows(SeedUnavailableException.class, () -> SeedCipher.open(ring, new SeedCipher.Sealed("k1", iv, sealed.ciphertext()), AAD));
    }

    @Test
    void aSeedMovedToAnotherRowDoesNotDecrypt() {
        SeedKeys ring = keys(k1);
        SeedCipher.Sealed sealed = SeedCipher.seal(ring, SEED, AAD);
        for (byte[] other : List.of(SeedCipher.associatedData("realm", "other-user", "credential"),
                SeedCipher.associatedData("realm", "user", "other-credential"),
                SeedCipher.associatedData("other-realm", "user", "credential"))) {
            SeedUnavailableException e = assertThrows(SeedUnavailableException.class, () -> SeedCipher.open(ring, sealed, other));
            assertTrue(e.getMessage().contains("wrong key"), e.getMessage());
        }
    }

    @Test
    void unknownKeyIdAndWrongKeyFailClosedWithAClearReason() {
        SeedCipher.Sealed sealed = SeedCipher.seal(keys(k1), SEED, AAD);
        SeedUnavailableException unknown = assertThrows(SeedUnavailableException.class, () -> SeedCipher.open(keys(k2), sealed, AAD));
        assertTrue(unknown.getMessage().contains("'k1'") && unknown.getMessage().contains("not in the keys file"), unknown.getMessage());
        SeedKeys impostor = keys(SeedKeys.newKeyLine("k1", RANDOM));
        SeedUnavailableException wrong = assertThrows(SeedUnavailableException.class, () -> SeedCipher.open(impostor, sealed, AAD));
        assertTrue(wrong.getMessage().contains("wrong key"), wrong.getMessage());
    }

    @Test
    void rotationKeepsOldKeysForDecryption() {
        SeedCipher.Sealed old = SeedCipher.seal(keys(k1), SEED, AAD);
        SeedKeys rotated = keys(k1, k2);
        assertArrayEquals(SEED, SeedCipher.open(rotated, old, AAD));
        SeedCipher.Sealed fresh = SeedCipher.seal(rotated, SEED, AAD);
        assertNotEquals(old.keyId(), fresh.keyId());
    }
}
