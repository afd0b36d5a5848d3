package dev.totpguard.guard;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardPolicyTest {

    private static final long NOW = 1_700_000_000_000L;
    private final GuardPolicy policy = new GuardPolicy(1, 5, 10, new Throttle(5, 30, 2, 900, 100));

    @Test
    void noDelayBelowTheFailureLimit() {
        for (int failures = 0; failures < 5; failures++) {
            assertEquals(0L, policy.throttle().waitUntil(failures, NOW));
        }
    }

    @Test
    void delayGrowsFromTheLimitUpToTheMaximum() {
        assertEquals(NOW + 30_000, policy.throttle().waitUntil(5, NOW));
        assertEquals(NOW + 60_000, policy.throttle().waitUntil(6, NOW));
        assertEquals(NOW + 120_000, policy.throttle().waitUntil(7, NOW));
        assertEquals(NOW + 240_000, policy.throttle().waitUntil(8, NOW));
        assertEquals(NOW + 480_000, policy.throttle().waitUntil(9, NOW));
        assertEquals(NOW + 900_000, policy.throttle().waitUntil(10, NOW));
        assertEquals(NOW + 900_000, policy.throttle().waitUntil(99, NOW));
        assertEquals(NOW + 900_000, policy.throttle().waitUntil(Integer.MAX_VALUE, NOW), "no overflow");
    }

    @Test
    void neverMoreThanOneHundredConsecutiveFailures() {
        assertFalse(policy.throttle().lockedOut(99));
        assertTrue(policy.throttle().lockedOut(100));
        assertThrows(IllegalArgumentException.class, () -> new GuardPolicy(1, 5, 10, new Throttle(5, 30, 2, 900, 101)));
        assertTrue(new GuardPolicy(1, 5, 10, new Throttle(3, 30, 2, 900, 3)).throttle().lockedOut(3));
    }

    @Test
    void windowCentreFollowsDriftWithinTheMaximum() {
        assertEquals(1000, policy.centre(1000, 0));
        assertEquals(1003, policy.centre(1000, 3));
        assertEquals(995, policy.centre(1000, -5));
        assertEquals(1005, policy.centre(1000, 40), "clamped to +maxDrift");
        assertEquals(995, policy.centre(1000, -40), "clamped to -maxDrift");
    }

    @Test
    void learnsDriftFromTheAcceptedStepNeverBeyondTheMaximumDrift() {
        assertEquals(0, policy.learnedDrift(1000, 1000));
        assertEquals(-1, policy.learnedDrift(999, 1000));
        assertEquals(4, policy.learnedDrift(1004, 1000));
        assertEquals(5, policy.learnedDrift(1007, 1000), "clamped to the configured maximum drift, not the resync range");
        assertEquals(-5, policy.learnedDrift(990, 1000));
        assertEquals(5, policy.learnedDrift(Long.MAX_VALUE, 0));
    }

    @Test
    void largestResyncRangeIsTheVerifiersLargestWindow() {
        assertEquals(dev.totpguard.otp.TotpVerifier.MAX_WINDOW, GuardPolicy.MAX_RESYNC_RANGE);
        new dev.totpguard.otp.TotpVerifier(dev.totpguard.otp.Totp.defaults(), GuardPolicy.MAX_RESYNC_RANGE); // no exception
    }

    @Test
    void strictestTakesEachSettingsStrictestValue() {
        GuardPolicy a = new GuardPolicy(1, 5, 10, new Throttle(5, 30, 2, 900, 100));
        GuardPolicy b = new GuardPolicy(0, 8, 0, new Throttle(3, 60, 1, 600, 50));
        GuardPolicy strictest = GuardPolicy.strictest(java.util.List.of(a, b));
        assertEquals(new GuardPolicy(0, 5, 0, new Throttle(3, 60, 2, 900, 50)), strictest);
        assertEquals(GuardPolicy.DEFAULT, GuardPolicy.strictest(java.util.List.of()));
        assertEquals(0, a.withoutResync().resyncRange());
    }

    @Test
    void rejectsInconsistentSettings() {
        assertThrows(IllegalArgumentException.class, () -> new GuardPolicy(6, 5, 10, new Throttle(5, 30, 2, 900, 100)));
        assertThrows(IllegalArgumentException.class, () -> new GuardPolicy(2, 5, 2, new Throttle(5, 30, 2, 900, 100)), "resync within window");
        assertThrows(IllegalArgumentException.class, () -> new GuardPolicy(1, 5, 10, new Throttle(5, 300, 2, 100, 100)), "max delay below delay");
        assertThrows(IllegalArgumentException.class, () -> new GuardPolicy(1, 5, 10, new Throttle(50, 30, 2, 900, 20)), "lockout before limit");
        new GuardPolicy(1, 5, 0, new Throttle(5, 30, 2, 900, 100)); // resync off is fine
    }
}
