package dev.totpguard.login;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

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

    @Test
    void noLevelOfAuthenticationByDefault() {
        assertTrue(LoginConfig.level(null).isEmpty());
        assertTrue(LoginConfig.level(Map.of()).isEmpty());
        assertTrue(LoginConfig.level(Map.of(LoginConfig.LEVEL, "none")).isEmpty());
        assertTrue(LoginConfig.level(Map.of(LoginConfig.LEVEL, " ")).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", " 2 ", "9"})
    void readsLevelOfAuthentication(String value) {
        assertEquals(OptionalInt.of(Integer.parseInt(value.trim())), LoginConfig.level(Map.of(LoginConfig.LEVEL, value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "10", "-1", "gold", "2.0", "+2", "\u0662"})
    void rejectsOtherLevelsWithTheRestOfTheConfig(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoginConfig.policy(Map.of(LoginConfig.LEVEL, value)));
        assertTrue(e.getMessage().contains(LoginConfig.LEVEL), "the message names the setting");
        assertTrue(LoginConfig.level(Map.of(LoginConfig.LEVEL, value)).isEmpty());
    }

    @Test
    void anInvalidConfigGivesNoLevel() {
        assertTrue(LoginConfig.level(Map.of(LoginConfig.LEVEL, "2", LoginConfig.WINDOW, "99")).isEmpty(),
                "the authenticator ignores a config with any bad value as a whole");
    }

    @Test
    void theAdminConsoleOffersOnlyValidLevels() {
        for (String level : LoginConfig.LEVEL_CHOICES) {
            LoginConfig.policy(Map.of(LoginConfig.LEVEL, level));
        }
        assertEquals("none", LoginConfig.LEVEL_CHOICES.get(0));
        assertEquals(10, LoginConfig.LEVEL_CHOICES.size());
    }
}
