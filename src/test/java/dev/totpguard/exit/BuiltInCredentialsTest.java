package dev.totpguard.exit;

import java.security.SecureRandom;
import java.util.List;

import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.Totp;
import org.junit.jupiter.api.Test;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.Base32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure helpers of the export: finding an earlier export, and labels. */
class BuiltInCredentialsTest {

    private static byte[] seed() {
        byte[] seed = new byte[20];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    private static OTPCredentialModel builtIn(byte[] seed, int digits, int period, String algorithm, String label) {
        OTPCredentialModel otp = OTPCredentialModel.createTOTP(Base32.encode(seed), digits, period, algorithm, "BASE32");
        otp.setUserLabel(label);
        return otp;
    }

    @Test
    void theStoredBase32SeedDecodesToTheDevicesSeed() {
        byte[] seed = seed();
        assertArrayEquals(seed, builtIn(seed, 6, 30, "HmacSHA1", null).getDecodedSecret());
    }

    @Test
    void findsAnEarlierExportBySeedAndParameters() {
        byte[] seed = seed();
        Totp totp = new Totp(HmacAlgorithm.SHA256, 8, 60, 0L);
        OTPCredentialModel same = builtIn(seed, 8, 60, "HmacSHA256", null);
        assertTrue(BuiltInCredentials.sameSeed(same, seed));
        assertTrue(BuiltInCredentials.sameParameters(same.getOTPCredentialData(), totp));
        assertFalse(BuiltInCredentials.sameSeed(builtIn(seed(), 8, 60, "HmacSHA256", null), seed));
        assertFalse(BuiltInCredentials.sameParameters(builtIn(seed, 6, 60, "HmacSHA256", null).getOTPCredentialData(), totp));
        assertFalse(BuiltInCredentials.sameParameters(builtIn(seed, 8, 30, "HmacSHA256", null).getOTPCredentialData(), totp));
        assertFalse(BuiltInCredentials.sameParameters(builtIn(seed, 8, 60, "HmacSHA1", null).getOTPCredentialData(), totp));
    }

    @Test
    void aBuiltInSecretKeycloakCannotDecodeHoldsNoSeed() {
        OTPCredentialModel odd = OTPCredentialModel.createTOTP("x", 6, 30, "HmacSHA1", "NOT-AN-ENCODING");
        assertFalse(BuiltInCredentials.sameSeed(odd, seed()));
    }

    @Test
    void keepsTheLabelUnlessABuiltInCredentialHasIt() {
        List<OTPCredentialModel> existing = List.of(builtIn(seed(), 6, 30, "HmacSHA1", "Phone"),
                builtIn(seed(), 6, 30, "HmacSHA1", "phone (2)"));
        assertEquals("tablet", BuiltInCredentials.freeLabel("tablet", existing));
        assertEquals("phone (3)", BuiltInCredentials.freeLabel("phone", existing));
        assertEquals(null, BuiltInCredentials.freeLabel(null, existing));
    }
}
