package dev.totpguard.guard;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyConfigTest {

    @Test
    void missingOrBlankSettingsTakeTheDefaults() {
        assertEquals(GuardPolicy.DEFAULT, PolicyConfig.policy(null));
        assertEquals(GuardPolicy.DEFAULT, PolicyConfig.policy(Map.of()));
        Map<String, String> blank = new HashMap<>();
        blank.put(PolicyConfig.WINDOW, " ");
        assertEquals(GuardPolicy.DEFAULT, PolicyConfig.policy(blank));
        assertEquals(1, GuardPolicy.DEFAULT.window());
    }

    @Test
    void readsEverySetting() {
        GuardPolicy policy = PolicyConfig.policy(Map.of(
                PolicyConfig.WINDOW, "2", PolicyConfig.MAX_DRIFT, "4", PolicyConfig.RESYNC_RANGE, "12",
                PolicyConfig.FAILURE_LIMIT, "3", PolicyConfig.DELAY, "10", PolicyConfig.DELAY_GROWTH, "3",
                PolicyConfig.MAX_DELAY, "300", PolicyConfig.LOCKOUT_AFTER, " 50 "));
        assertEquals(new GuardPolicy(2, 4, 12, new Throttle(3, 10, 3, 300, 50)), policy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "3", "5"})
    void acceptsWindowsUpToFive(String value) {
        assertEquals(Integer.parseInt(value), PolicyConfig.policy(Map.of(PolicyConfig.WINDOW, value)).window());
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicyConfig.policy(Map.of(key, value)));
        assertTrue(e.getMessage().length() > 10, "a clear message");
    }

    @Test
    void rejectsUnicodeDigits() {
        assertThrows(IllegalArgumentException.class, () -> PolicyConfig.policy(Map.of(PolicyConfig.WINDOW, "\u0661")));
    }

    @Test
    void noLevelOfAuthenticationByDefault() {
        assertTrue(PolicyConfig.level(null).isEmpty());
        assertTrue(PolicyConfig.level(Map.of()).isEmpty());
        assertTrue(PolicyConfig.level(Map.of(PolicyConfig.LEVEL, "none")).isEmpty());
        assertTrue(PolicyConfig.level(Map.of(PolicyConfig.LEVEL, " ")).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", " 2 ", "9"})
    void readsLevelOfAuthentication(String value) {
        assertEquals(OptionalInt.of(Integer.parseInt(value.trim())), PolicyConfig.level(Map.of(PolicyConfig.LEVEL, value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "10", "-1", "gold", "2.0", "+2", "\u0662"})
    void rejectsOtherLevelsWithTheRestOfTheConfig(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PolicyConfig.policy(Map.of(PolicyConfig.LEVEL, value)));
        assertTrue(e.getMessage().contains(PolicyConfig.LEVEL), "the message names the setting");
        assertTrue(PolicyConfig.level(Map.of(PolicyConfig.LEVEL, value)).isEmpty());
    }

    @Test
    void anInvalidConfigGivesNoLevel() {
        assertTrue(PolicyConfig.level(Map.of(PolicyConfig.LEVEL, "2", PolicyConfig.WINDOW, "99")).isEmpty(),
                "the authenticator ignores a config with any bad value as a whole");
    }

    @Test
    void theAdminConsoleOffersOnlyValidLevels() {
        for (String level : PolicyConfig.LEVEL_CHOICES) {
            PolicyConfig.policy(Map.of(PolicyConfig.LEVEL, level));
        }
        assertEquals("none", PolicyConfig.LEVEL_CHOICES.get(0));
        assertEquals(10, PolicyConfig.LEVEL_CHOICES.size());
    }

    @Test
    void rememberIsOffUnlessConfigured() {
        assertEquals(0, PolicyConfig.rememberDays(null));
        assertEquals(0, PolicyConfig.rememberDays(Map.of()));
        assertEquals(0, PolicyConfig.rememberDays(Map.of(PolicyConfig.REMEMBER_DAYS, " ")));
        assertEquals(30, PolicyConfig.rememberDays(Map.of(PolicyConfig.REMEMBER_DAYS, "30")));
        assertEquals(90, PolicyConfig.rememberDays(Map.of(PolicyConfig.REMEMBER_DAYS, "90")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"91", "365", "-1", "thirty", "1.5"})
    void rememberDaysAboveNinetyOrNotANumberAreRefusedAndTurnRememberOff(String value) {
        Map<String, String> config = Map.of(PolicyConfig.REMEMBER_DAYS, value);
        assertThrows(IllegalArgumentException.class, () -> PolicyConfig.policy(config));
        assertEquals(0, PolicyConfig.rememberDays(config));
    }

    @Test
    void aBadOtherSettingTurnsRememberOffWithTheWholeConfig() {
        assertEquals(0, PolicyConfig.rememberDays(Map.of(PolicyConfig.REMEMBER_DAYS, "30", PolicyConfig.WINDOW, "9")));
    }

    @Test
    void theDirectGrantHasNoRememberSetting() {
        assertTrue(PolicyConfig.PROPERTIES.stream().anyMatch(p -> p.getName().equals(PolicyConfig.REMEMBER_DAYS)));
        assertTrue(PolicyConfig.DIRECT_GRANT_PROPERTIES.stream().noneMatch(p -> p.getName().equals(PolicyConfig.REMEMBER_DAYS)));
    }
}
