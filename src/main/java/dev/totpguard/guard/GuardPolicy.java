package dev.totpguard.guard;

/**
 * How one sign-in execution judges a code: the verification window, how far learned drift may move it, when the device
 * asks for a second code to re-synchronise — settings of the execution that runs — and the {@link Throttle} its config
 * asks for. The throttle is per user, not per execution: {@link CodeCheck} combines it with the strictest of the
 * realm's executions, so the laxest execution never decides. Pure and immutable.
 *
 * @param window      steps accepted on each side of the centre (RFC 6238 §5.2 recommends 1)
 * @param maxDrift    the centre is the current step plus the device's drift, clamped to ±maxDrift steps
 * @param resyncRange a code matching within ±resyncRange steps of the current step but outside the window is not
 *                    accepted; the next code then re-synchronises the device (0 disables)
 * @param throttle    the failure limit, waits and lockout this execution's config asks for
 */
public record GuardPolicy(int window, int maxDrift, int resyncRange, Throttle throttle) {

    public static final int MAX_WINDOW = 5;
    public static final int MAX_DRIFT = 20;
    /** The largest resync range: the verifier's largest window, so every allowed range can be checked. */
    public static final int MAX_RESYNC_RANGE = dev.totpguard.otp.TotpVerifier.MAX_WINDOW;

    public static final GuardPolicy DEFAULT = new GuardPolicy(1, 5, 10, Throttle.DEFAULT);

    public GuardPolicy {
        check(window >= 0 && window <= MAX_WINDOW, "window must be 0 to " + MAX_WINDOW);
        check(maxDrift >= 0 && maxDrift <= MAX_DRIFT, "maximum drift must be 0 to " + MAX_DRIFT);
        check(resyncRange == 0 || (resyncRange > window && resyncRange <= MAX_RESYNC_RANGE),
                "resync range must be 0 (off) or more than the window and at most " + MAX_RESYNC_RANGE);
        check(throttle != null, "throttle is required");
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
        return resyncRange == 0 ? this : new GuardPolicy(window, maxDrift, 0, throttle);
    }

    /**
     * The strictest combination of several policies, setting by setting: smallest window, drift and resync range, and
     * the strictest throttle ({@link Throttle#strictest}). {@link #DEFAULT} when there are none.
     */
    public static GuardPolicy strictest(java.util.Collection<GuardPolicy> policies) {
        if (policies.isEmpty()) {
            return DEFAULT;
        }
        int window = MAX_WINDOW;
        int maxDrift = MAX_DRIFT;
        int resync = MAX_RESYNC_RANGE;
        for (GuardPolicy p : policies) {
            window = Math.min(window, p.window);
            maxDrift = Math.min(maxDrift, p.maxDrift);
            resync = Math.min(resync, p.resyncRange);
        }
        return new GuardPolicy(window, maxDrift, resync > window ? resync : 0,
                Throttle.strictest(policies.stream().map(GuardPolicy::throttle).toList()));
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
