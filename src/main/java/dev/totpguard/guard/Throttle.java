package dev.totpguard.guard;

import java.util.Collection;

/**
 * The per-user attempt limit: when a user waits before the next attempt and when the user is locked out until an admin
 * unlocks. One user has one count (all devices, every way in), so one throttle applies to a user wherever the attempt
 * comes from: {@link CodeCheck} uses the strictest of the realm's executions ({@link RealmPolicies#throttle}), never
 * the laxer settings of the execution that happens to run. Pure and immutable: every decision takes the time as an
 * argument.
 *
 * @param failureLimit    consecutive failures after which the user waits before the next attempt
 * @param delaySeconds    the first wait
 * @param delayGrowth     each further failure multiplies the wait by this factor
 * @param maxDelaySeconds the longest wait
 * @param lockoutAfter    consecutive failures after which every code is refused until an admin unlocks (NIST SP
 *                        800-63B: at most 100)
 */
public record Throttle(int failureLimit, int delaySeconds, int delayGrowth, int maxDelaySeconds, int lockoutAfter) {

    public static final int MAX_FAILURES = 100;
    public static final int MAX_DELAY_SECONDS = 86_400;

    public static final Throttle DEFAULT = new Throttle(5, 30, 2, 900, MAX_FAILURES);
    /** The laxest allowed throttle: combined with any other ({@link #strictestWith}), the other decides. */
    public static final Throttle LAXEST = new Throttle(MAX_FAILURES, 0, 1, 0, MAX_FAILURES);

    public Throttle {
        check(failureLimit >= 1 && failureLimit <= MAX_FAILURES, "failure limit must be 1 to " + MAX_FAILURES);
        check(delaySeconds >= 0 && delaySeconds <= MAX_DELAY_SECONDS, "delay must be 0 to " + MAX_DELAY_SECONDS + " seconds");
        check(delayGrowth >= 1 && delayGrowth <= 10, "delay growth must be 1 to 10");
        check(maxDelaySeconds >= delaySeconds && maxDelaySeconds <= MAX_DELAY_SECONDS,
                "maximum delay must be at least the delay and at most " + MAX_DELAY_SECONDS + " seconds");
        check(lockoutAfter >= failureLimit && lockoutAfter <= MAX_FAILURES,
                "lockout must come at or after the failure limit and at most at " + MAX_FAILURES + " failures");
    }

    /**
     * Setting by setting the strictest of several throttles: the failure limit and the lockout reached first, the
     * longest waits. {@link #DEFAULT} when there are none.
     */
    public static Throttle strictest(Collection<Throttle> throttles) {
        return throttles.stream().reduce(Throttle::strictestWith).orElse(DEFAULT);
    }

    /** Setting by setting the stricter of this and {@code other}. */
    public Throttle strictestWith(Throttle other) {
        return new Throttle(Math.min(failureLimit, other.failureLimit), Math.max(delaySeconds, other.delaySeconds),
                Math.max(delayGrowth, other.delayGrowth), Math.max(maxDelaySeconds, other.maxDelaySeconds),
                Math.min(lockoutAfter, other.lockoutAfter));
    }

    /** True when the user's devices refuse every code until unlocked. */
    public boolean lockedOut(int failures) {
        return Standing.of(failures, 0L, lockoutAfter, 0L) == Standing.LOCKED_OUT;
    }

    /** Where a user with these failures and this wait stands under this throttle at {@code nowMillis}. */
    public Standing standing(int failures, long waitUntil, long nowMillis) {
        return Standing.of(failures, waitUntil, lockoutAfter, nowMillis);
    }

    /**
     * Epoch millis until which the user waits after the {@code failures}-th consecutive failure at {@code nowMillis}:
     * 0 below the limit, then delay, delay × growth, … up to the maximum delay.
     */
    public long waitUntil(int failures, long nowMillis) {
        if (failures < failureLimit) {
            return 0L;
        }
        long delay = delaySeconds;
        for (int i = failureLimit; i < failures && delay > 0 && delayGrowth > 1 && delay < maxDelaySeconds; i++) {
            delay *= delayGrowth;
        }
        return nowMillis + Math.min(delay, maxDelaySeconds) * 1000L;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
