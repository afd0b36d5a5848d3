package dev.totpguard.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StandingTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void noFailuresAndNoWaitIsFree() {
        assertEquals(Standing.FREE, Standing.of(0, 0L, 10, NOW));
    }

    @Test
    void aWaitInTheFutureIsWaitingAndEndsAtItsInstant() {
        assertEquals(Standing.WAITING, Standing.of(5, NOW + 1, 10, NOW));
        assertEquals(Standing.FREE, Standing.of(5, NOW, 10, NOW), "the wait is over at its instant");
        assertEquals(Standing.FREE, Standing.of(5, NOW - 1, 10, NOW));
    }

    @Test
    void theLockoutWinsOverAWaitAndHasNoEnd() {
        assertEquals(Standing.LOCKED_OUT, Standing.of(10, NOW + 60_000, 10, NOW));
        assertEquals(Standing.LOCKED_OUT, Standing.of(10, 0L, 10, NOW));
        assertEquals(Standing.LOCKED_OUT, Standing.of(11, 0L, 10, NOW + 365L * 86_400_000L));
        assertEquals(Standing.WAITING, Standing.of(9, NOW + 60_000, 10, NOW));
    }

    @Test
    void theThrottleReadsWithItsOwnLockout() {
        Throttle throttle = new Throttle(3, 30, 2, 900, 7);
        assertEquals(Standing.LOCKED_OUT, throttle.standing(7, 0L, NOW));
        assertEquals(Standing.FREE, throttle.standing(6, 0L, NOW));
        assertEquals(throttle.lockedOut(7), throttle.standing(7, 0L, NOW) == Standing.LOCKED_OUT);
    }
}
