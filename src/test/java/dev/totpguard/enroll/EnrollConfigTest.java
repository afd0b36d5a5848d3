package dev.totpguard.enroll;

import java.util.Map;

import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.recovery.RecoveryCodesAfterEnrollment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnrollConfigTest {

    @Test
    void defaultsWorkWithEveryAuthenticatorApp() {
        EnrollConfig config = EnrollConfig.from(Map.of());
        assertEquals(HmacAlgorithm.SHA1, config.algorithm());
        assertEquals(6, config.digits());
        assertEquals(30, config.period());
        assertEquals("", config.issuer());
        assertFalse(config.labelRequired());
        assertEquals(5, config.maxDevices());
        assertEquals(RecoveryCodesAfterEnrollment.OFFER, config.recoveryCodes(), "recovery codes offered after enrollment");
        assertEquals(EnrollConfig.DEFAULT, EnrollConfig.from(null));
    }

    @Test
    void readsEverySetting() {
        EnrollConfig config = EnrollConfig.from(Map.of(
                EnrollConfig.ALGORITHM, "SHA512", EnrollConfig.DIGITS, "8", EnrollConfig.PERIOD, " 60 ",
                EnrollConfig.ISSUER, "ACME SSO", EnrollConfig.LABEL_REQUIRED, "true", EnrollConfig.MAX_DEVICES, "20",
                EnrollConfig.RECOVERY_CODES, "require", EnrollConfig.GRACE_SKIPS, "3",
                EnrollConfig.GRACE_UNTIL, "2027-03-31"));
        assertEquals(new EnrollConfig(HmacAlgorithm.SHA512, 8, 60, "ACME SSO", true, 20,
                RecoveryCodesAfterEnrollment.REQUIRE, 3, java.time.LocalDate.of(2027, 3, 31)), config);
        assertEquals(60, config.totp().periodSeconds());
    }

    @ParameterizedTest
    @CsvSource({
            "totp-guard.algorithm, MD5",
            "totp-guard.algorithm, sha1x",
            "totp-guard.digits, 5",
            "totp-guard.digits, 9",
            "totp-guard.digits, six",
            "totp-guard.period, 0",
            "totp-guard.period, 14",
            "totp-guard.period, 121",
            "totp-guard.period, -30",
            "totp-guard.period, 99999999999",
            "totp-guard.label-required, yes",
            "totp-guard.label-required, TRUE1",
            "totp-guard.max-devices, 0",
            "totp-guard.max-devices, 21",
            "totp-guard.max-devices, -1",
            "totp-guard.max-devices, 2.5",
            "totp-guard.recovery-codes, always",
            "totp-guard.recovery-codes, OFFER",
            "totp-guard.grace-skips, 101",
            "totp-guard.grace-skips, -1",
            "totp-guard.grace-until, 31.03.2027",
            "totp-guard.grace-until, 2027-02-30",
    })
    void rejectsBadValuesNamingTheSetting(String key, String value) {
        EnrollConfig.InvalidConfigException e = assertThrows(EnrollConfig.InvalidConfigException.class,
                () -> EnrollConfig.from(Map.of(key, value)));
        assertEquals(key, e.key());
        assertFalse(java.util.regex.Pattern.compile("(?<![0-9A-Za-z])" + java.util.regex.Pattern.quote(value) + "(?![0-9A-Za-z])")
                .matcher(e.getMessage()).find(), "the message does not echo the value");
    }

    @Test
    void blankValuesTakeTheDefaults() {
        assertEquals(EnrollConfig.DEFAULT, EnrollConfig.from(Map.of(
                EnrollConfig.ALGORITHM, " ", EnrollConfig.DIGITS, "", EnrollConfig.PERIOD, " ",
                EnrollConfig.LABEL_REQUIRED, "", EnrollConfig.MAX_DEVICES, " ", EnrollConfig.RECOVERY_CODES, "")));
    }

    @Test
    void messagesNameTheSettingAsTheAdminConsoleShowsIt() {
        assertEquals("Maximum devices per user must be from 1 to 20.", assertThrows(EnrollConfig.InvalidConfigException.class,
                () -> EnrollConfig.from(Map.of(EnrollConfig.MAX_DEVICES, "50"))).getMessage());
        assertEquals("Digits must be 6, 7 or 8.", assertThrows(EnrollConfig.InvalidConfigException.class,
                () -> EnrollConfig.from(Map.of(EnrollConfig.DIGITS, "9"))).getMessage());
    }

    @Test
    void postponingIsOffUnlessTimesOrADateAreSet() {
        java.time.LocalDate today = java.time.LocalDate.of(2027, 1, 10);
        assertFalse(EnrollConfig.DEFAULT.grace().allows(0, today));
        EnrollConfig times = EnrollConfig.from(Map.of(EnrollConfig.GRACE_SKIPS, "2"));
        assertTrue(times.grace().allows(0, today));
        assertTrue(times.grace().allows(1, today));
        assertFalse(times.grace().allows(2, today), "the third time enrollment is mandatory");
        assertEquals(1, times.grace().left(1));
        EnrollConfig date = EnrollConfig.from(Map.of(EnrollConfig.GRACE_UNTIL, "2027-01-10"));
        assertTrue(date.grace().allows(40, today), "only the date limits it");
        assertFalse(date.grace().allows(0, today.plusDays(1)), "the day after, enrollment is mandatory");
        assertEquals(-1, date.grace().left(40));
        EnrollConfig both = EnrollConfig.from(Map.of(EnrollConfig.GRACE_SKIPS, "5", EnrollConfig.GRACE_UNTIL, "2027-01-10"));
        assertFalse(both.grace().allows(5, today), "times used up before the date");
        assertFalse(both.grace().allows(0, today.plusDays(1)), "the date passed before the times");
    }

    @Test
    void rejectsControlCharactersInIssuer() {
        assertThrows(EnrollConfig.InvalidConfigException.class, () -> EnrollConfig.from(Map.of(EnrollConfig.ISSUER, "ACME\nSSO")));
    }

    @Test
    void rejectsOverlongIssuer() {
        assertThrows(EnrollConfig.InvalidConfigException.class,
                () -> EnrollConfig.from(Map.of(EnrollConfig.ISSUER, "x".repeat(EnrollConfig.MAX_ISSUER_LENGTH + 1))));
    }
}
