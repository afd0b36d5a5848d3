package dev.totpguard.guard;

/**
 * How a user's sign-in attempts are judged: the verification window, how far learned drift may move it, when the
 * device asks for a second code to re-synchronise, and the per-user attempt limit (all of a user's devices together) that holds even when the realm's
 * brute-force detection is off. Pure and immutable: every decision takes the time as an argument.
 *
 * @param window           steps accepted on each side of the centre (RFC 6238 §5.2 recommends 1)
 * @param maxDrift         the centre is the current step plus the device's drift, clamped to ±maxDrift steps
 * @param resyncRange      a code matching within ±resyncRange steps of the current step but outside the window is
 *                         not accepted; the next code then re-synchronises the device (0 disables)
 * @param failureLimit     consecutive failures after which the device waits before the next attempt
 * @param delaySeconds     the first wait
 * @param delayGrowth      each further failure multiplies the wait by this factor
 * @param maxDelaySeconds  the longest wait
 * @param lockoutAfter     consecutive failures after which the device refuses every code until an admin unlocks it
 *                         (NIST SP 800-63B: at most 100)
 */
public record GuardPolicy(int window, int maxDrift, int resyncRange, int failureLimit, int delaySeconds,
                          int delayGrowth, int maxDelaySeconds, int lockoutAfter) {

    public static final int MAX_WINDOW = 5;
    public static final int MAX_DRIFT = 20;
    /** The largest resync range: the verifier's largest window, so every allowed range can be checked. */
    public static final int MAX_RESYNC_RANGE = dev.totpguard.otp.TotpVerifier.MAX_WINDOW;
    public static final int MAX_FAILURES = 100;
    public static final int MAX_DELAY_SECONDS = 86_400;

    public static final GuardPolicy DEFAULT = new GuardPolicy(1, 5, 10, 5, 30, 2, 900, MAX_FAILURES);

    public GuardPolicy {
        check(window >= 0 && window <= MAX_WINDOW, "window must be 0 to " + MAX_WINDOW);
        check(maxDrift >= 0 && maxDrift <= MAX_DRIFT, "maximum drift must be 0 to " + MAX_DRIFT);
        check(resyncRange == 0 || (resyncRange > window && resyncRange <= MAX_RESYNC_RANGE),
                "resync range must be 0 (off) or more than the window and at most " + MAX_RESYNC_RANGE);
        check(failureLimit >= 1 && failureLimit <= MAX_FAILURES, "failure limit must be 1 to " + MAX_FAILURES);
        check(delaySeconds >= 0 && delaySeconds <= MAX_DELAY_SECONDS, "delay must be 0 to " + MAX_DELAY_SECONDS + " seconds");
        check(delayGrowth >= 1 && delayGrowth <= 10, "delay growth must be 1 to 10");
        check(maxDelaySeconds >= delaySeconds && maxDelaySeconds <= MAX_DELAY_SECONDS,
                "maximum delay must be at least the delay and at most " + MAX_DELAY_SECONDS + " seconds");
        check(lockoutAfter >= failureLimit && lockoutAfter <= MAX_FAILURES,
                "lockout must come at or after the failure limit and at most at " + MAX_FAILURES + " failures");
    }

    /** The step the window is centred on. */
    public long centre(long currentStep, int drift) {
        return currentStep + Math.max(-maxDrift, Math.min(maxDrift, drift));
    }

    /**
     * The drift to remember after a code of {@code matchedStep} was accepted at {@code currentStep}: never more than the
     * maximum drift, so a stored drift never moves the window further than this policy allows.
     */
    public int learnedDrift(long matchedStep, long currentStep) {
        long drift = matchedStep - currentStep;
        return (int) Math.max(-maxDrift, Math.min(maxDrift, drift));
    }

    /** This policy without resync: for ways in that have no second request to ask for the next code. */
    public GuardPolicy withoutResync() {
        return resyncRange == 0 ? this : new GuardPolicy(window, maxDrift, 0, failureLimit, delaySeconds, delayGrowth,
                maxDelaySeconds, lockoutAfter);
    }

    /**
     * The strictest combination of several policies, setting by setting: smallest window, drift and resync range, the
     * failure limit and lockout reached first, the longest waits. {@link #DEFAULT} when there are none.
     */
    public static GuardPolicy strictest(java.util.Collection<GuardPolicy> policies) {
        if (policies.isEmpty()) {
            return DEFAULT;
        }
        int window = MAX_WINDOW;
        int maxDrift = MAX_DRIFT;
        int resync = MAX_RESYNC_RANGE;
        int failureLimit = MAX_FAILURES;
        int delay = 0;
        int growth = 1;
        int maxDelay = 0;
        int lockoutAfter = MAX_FAILURES;
        for (GuardPolicy p : policies) {
            window = Math.min(window, p.window);
            maxDrift = Math.min(maxDrift, p.maxDrift);
            resync = Math.min(resync, p.resyncRange);
            failureLimit = Math.min(failureLimit, p.failureLimit);
            delay = Math.max(delay, p.delaySeconds);
            growth = Math.max(growth, p.delayGrowth);
            maxDelay = Math.max(maxDelay, p.maxDelaySeconds);
            lockoutAfter = Math.min(lockoutAfter, p.lockoutAfter);
        }
        return new GuardPolicy(window, maxDrift, resync > window ? resync : 0, failureLimit, delay, growth, maxDelay,
                lockoutAfter);
    }

    /** True when the device refuses every code until unlocked. */
    public boolean lockedOut(int failures) {
        return failures >= lockoutAfter;
    }

    /**
     * Epoch millis until which the device waits after its {@code failures}-th consecutive failure at {@code nowMillis}:
     * 0 below the limit, then delay, delay × growth, … up to the maximum delay.
     */
    public long blockedUntil(int failures, long nowMillis) {
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
