package dev.totpguard.login;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginConfigTest {

    @Test
    void defaultWindowIsOneStep() {
        assertEquals(1, LoginConfig.from(null).window());
        assertEquals(1, LoginConfig.from(Map.of()).window());
        Map<String, String> blank = new HashMap<>();
        blank.put(LoginConfig.WINDOW, " ");
        assertEquals(1, LoginConfig.from(blank).window());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "3", "5", " 2 "})
    void acceptsWindowsUpToFive(String value) {
        assertEquals(Integer.parseInt(value.trim()), LoginConfig.from(Map.of(LoginConfig.WINDOW, value)).window());
    }

    @ParameterizedTest
    @ValueSource(strings = {"6", "10", "-1", "one", "1.5", "+1", "\u0661"})
    void rejectsOtherWindows(String value) {
        assertThrows(IllegalArgumentException.class, () -> LoginConfig.from(Map.of(LoginConfig.WINDOW, value)));
    }

    @Test
    void noLevelOfAuthenticationByDefault() {
        assertTrue(LoginConfig.from(null).level().isEmpty());
        assertTrue(LoginConfig.from(Map.of()).level().isEmpty());
        assertTrue(LoginConfig.from(Map.of(LoginConfig.LEVEL, "none")).level().isEmpty());
        assertTrue(LoginConfig.from(Map.of(LoginConfig.LEVEL, " ")).level().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", " 2 ", "9"})
    void readsLevelOfAuthentication(String value) {
        assertEquals(OptionalInt.of(Integer.parseInt(value.trim())), LoginConfig.from(Map.of(LoginConfig.LEVEL, value)).level());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "10", "-1", "gold", "2.0", "+2", "\u0662"})
    void rejectsOtherLevels(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoginConfig.from(Map.of(LoginConfig.LEVEL, value)));
        assertTrue(e.getMessage().contains(LoginConfig.LEVEL), "the message names the setting");
    }

    @Test
    void theAdminConsoleOffersOnlyValidChoices() {
        for (String window : LoginConfig.WINDOW_CHOICES) {
            assertEquals(Integer.parseInt(window), LoginConfig.from(Map.of(LoginConfig.WINDOW, window)).window());
        }
        for (String level : LoginConfig.LEVEL_CHOICES) {
            LoginConfig.from(Map.of(LoginConfig.LEVEL, level));
        }
        assertEquals(List.of("0", "1", "2", "3", "4", "5"), LoginConfig.WINDOW_CHOICES);
        assertEquals("none", LoginConfig.LEVEL_CHOICES.get(0));
    }
}
