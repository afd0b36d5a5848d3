package dev.totpguard.migrate;

import org.junit.jupiter.api.Test;
import org.keycloak.models.credential.dto.OTPCredentialData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LegacyOtpMigrationTest {

    private static OTPCredentialData data(String subType, int digits, int period, String algorithm) {
        return new OTPCredentialData(subType, digits, 0, period, algorithm, null);
    }

    @Test
    void keycloakTotpDevicesMigrate() {
        assertNull(LegacyOtpMigration.unsupported(data("totp", 6, 30, "HmacSHA1")));
        assertNull(LegacyOtpMigration.unsupported(data("totp", 8, 60, "HmacSHA512")));
    }

    @Test
    void hotpAndOddParametersAreSkippedWithAReason() {
        assertTrue(LegacyOtpMigration.unsupported(data("hotp", 6, 30, "HmacSHA1")).contains("HOTP"));
        assertTrue(LegacyOtpMigration.unsupported(data("totp", 6, 30, "HmacMD5")).contains("algorithm"));
        assertTrue(LegacyOtpMigration.unsupported(data("totp", 4, 30, "HmacSHA1")).contains("digits"));
        assertTrue(LegacyOtpMigration.unsupported(data("totp", 6, 0, "HmacSHA1")).contains("period"));
    }

    @Test
    void keycloaksOwnTwentyCharacterSeedsCountAbout119BitsAndAreWeak() {
        int bits = LegacyOtpMigration.seedBits("Kq3xV9mZp2LwT7sYb4Nc", null);
        assertEquals(119, bits);
        assertTrue(bits < LegacyOtpMigration.MIN_BITS);
    }

    @Test
    void seedBitsFollowTheEncodingAndTheAlphabet() {
        // Base32: 8 bits a decoded byte
        assertEquals(160, LegacyOtpMigration.seedBits("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "BASE32"));
        assertEquals(80, LegacyOtpMigration.seedBits("JBSWY3DPEHPK3PXP", "BASE32"));
        // raw printable ASCII beyond letters and digits: log2(95) a character
        assertEquals(131, LegacyOtpMigration.seedBits("Kq3x-V9mZ+p2Lw!T7sYb", null));
        // raw with other characters: 8 bits a byte
        assertEquals(16 * 8 + 8, LegacyOtpMigration.seedBits("\u00e9" + "a".repeat(15), null));
        // 22 letters and digits: 130 bits, not weak
        assertTrue(LegacyOtpMigration.seedBits("Kq3xV9mZp2LwT7sYb4NcAb", null) >= LegacyOtpMigration.MIN_BITS);
        assertEquals(0, LegacyOtpMigration.seedBits(null, null));
    }
}
