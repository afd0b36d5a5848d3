package dev.totpguard.console;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsoleUnlockTriggersTest {

    @Test
    void keycloaksUnlockOfOneUserAndOfAll() {
        assertEquals(Optional.of(new ConsoleUnlockTriggers.OneUser("u-1")), ConsoleUnlockTriggers.of("USER_LOGIN_FAILURE",
                "DELETE", "attack-detection/brute-force/users/u-1", false));
        assertEquals(Optional.of(new ConsoleUnlockTriggers.AllUsers()), ConsoleUnlockTriggers.of("USER_LOGIN_FAILURE",
                "DELETE", "attack-detection/brute-force/users", false));
    }

    @Test
    void nothingElse() {
        assertEquals(Optional.empty(), ConsoleUnlockTriggers.of("USER_LOGIN_FAILURE", "DELETE",
                "attack-detection/brute-force/users/u-1", true));
        assertEquals(Optional.empty(), ConsoleUnlockTriggers.of("USER", "DELETE", "users/u-1", false));
        assertEquals(Optional.empty(), ConsoleUnlockTriggers.of("USER_LOGIN_FAILURE", "ACTION",
                "attack-detection/brute-force/users/u-1", false));
        assertEquals(Optional.empty(), ConsoleUnlockTriggers.of("USER_LOGIN_FAILURE", "DELETE",
                "attack-detection/brute-force/users/u-1/x", false));
        assertEquals(Optional.empty(), ConsoleUnlockTriggers.of("USER_LOGIN_FAILURE", "DELETE", null, false));
    }
}
