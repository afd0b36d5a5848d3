package dev.totpguard.credential;

import org.junit.jupiter.api.Test;
import org.keycloak.models.credential.dto.OTPCredentialData;

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
}
