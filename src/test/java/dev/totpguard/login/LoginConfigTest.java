package dev.totpguard.login;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
