package dev.totpguard.login;

import java.util.HashMap;
import java.util.Map;

import dev.totpguard.guard.GuardPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginConfigTest {

    @Test
    void missingOrBlankSettingsTakeTheDefaults() {
        assertEquals(GuardPolicy.DEFAULT, LoginConfig.policy(null));
        assertEquals(GuardPolicy.DEFAULT, LoginConfig.policy(Map.of()));
        Map<String, String> blank = new HashMap<>();
        blank.put(LoginConfig.WINDOW, " ");
        assertEquals(GuardPolicy.DEFAULT, LoginConfig.policy(blank));
        assertEquals(1, GuardPolicy.DEFAULT.window());
    }

    @Test
    void readsEverySetting() {
        GuardPolicy policy = LoginConfig.policy(Map.of(
                LoginConfig.WINDOW, "2", LoginConfig.MAX_DRIFT, "4", LoginConfig.RESYNC_RANGE, "12",
                LoginConfig.FAILURE_LIMIT, "3", LoginConfig.DELAY, "10", LoginConfig.DELAY_GROWTH, "3",
                LoginConfig.MAX_DELAY, "300", LoginConfig.LOCKOUT_AFTER, " 50 "));
        assertEquals(new GuardPolicy(2, 4, 12, 3, 10, 3, 300, 50), policy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "3", "5"})
    void acceptsWindowsUpToFive(String value) {
        assertEquals(Integer.parseInt(value), LoginConfig.policy(Map.of(LoginConfig.WINDOW, value)).window());
    }

    @ParameterizedTest
    @CsvSource({
            "totp-guard.window, 6",
            "totp-guard.window, -1",
            "totp-guard.window, one",
            "totp-guard.window, 1.5",
            "totp-guard.window, +1",
            "totp-guard.lockout-after, 101",
            "totp-guard.failure-limit, 0",
            "totp-guard.delay-growth, 11",
            "totp-guard.resync-range, 1",
            "totp-guard.max-drift, 21",
    })
    void rejectsBadValues(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoginConfig.policy(Map.of(key, value)));
        assertTrue(e.getMessage().length() > 10, "a clear message");
    }

    @Test
    void rejectsUnicodeDigits() {
        assertThrows(IllegalArgumentException.class, () -> LoginConfig.policy(Map.of(LoginConfig.WINDOW, "\u0661")));
    }
}
