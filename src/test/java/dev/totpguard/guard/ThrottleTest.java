package dev.totpguard.guard;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The per-user throttle and how the realm's executions combine into one. */
class ThrottleTest {

    @Test
    void strictestTakesTheFirstLimitAndLockoutAndTheLongestWaits() {
        Throttle lax = Throttle.DEFAULT; // 5, 30 s, ×2, 900 s, 100
        Throttle strict = new Throttle(3, 0, 1, 0, 3);
        Throttle slow = new Throttle(10, 120, 3, 3600, 50);
        assertEquals(new Throttle(3, 120, 3, 3600, 3), Throttle.strictest(List.of(lax, strict, slow)));
        assertEquals(Throttle.strictest(List.of(slow, strict, lax)), Throttle.strictest(List.of(lax, strict, slow)),
                "the order of the executions does not matter");
        assertEquals(new Throttle(3, 30, 2, 900, 3), lax.strictestWith(strict));
    }

    @Test
    void noExecutionGivesTheDefaultAndTheLaxestChangesNothing() {
        assertEquals(Throttle.DEFAULT, Throttle.strictest(List.of()));
        Throttle strict = new Throttle(3, 10, 2, 60, 7);
        assertEquals(strict, strict.strictestWith(Throttle.LAXEST));
        assertEquals(strict, Throttle.LAXEST.strictestWith(strict));
    }

    @Test
    void invalidThrottlesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Throttle(0, 30, 2, 900, 100));
        assertThrows(IllegalArgumentException.class, () -> new Throttle(5, 30, 2, 900, 101));
        assertThrows(IllegalArgumentException.class, () -> new Throttle(5, 30, 11, 900, 100));
        assertThrows(IllegalArgumentException.class, () -> new Throttle(5, 300, 2, 100, 100));
        assertThrows(IllegalArgumentException.class, () -> new Throttle(50, 30, 2, 900, 20));
    }
}
