package dev.totpguard.guard;

/**
 * What one attempt to sign in with a code gave: the one result type of {@link CodeCheck}, read by every way in (sign-in
 * prompt, direct grant, {@code isValid}), by events and by metrics.
 *
 * @param outcome      the result; {@link Outcome#ACCEPTED} and {@link Outcome#RESYNCED} let the user through
 * @param credentialId the device, or {@code null} when none was found
 * @param label        the device's label, or {@code null}
 * @param skew         for an accepted code: matched step minus the server's current step
 * @param drift        the device's drift after the attempt, in steps
 * @param failures     the user's consecutive failures (all devices together) after the attempt
 * @param transition   whether this attempt made the user start waiting or locked the user's devices
 */
public record Attempt(Outcome outcome, String credentialId, String label, long skew, int drift, int failures,
                      Transition transition) {

    /** Outcomes, with the {@code reason} names audit events and metrics carry. */
    public enum Outcome {
        ACCEPTED("accepted", true, false),
        /** accepted as the second of two consecutive codes: the device's drift was re-learned */
        RESYNCED("resynced", true, false),
        /** no step of the window matches */
        INVALID("invalid", false, true),
        /** a matching step was already used, or is earlier than a used one */
        REPLAYED("replayed", false, true),
        /** not exactly the device's number of ASCII digits, or not exactly one value */
        MALFORMED("malformed", false, true),
        /** matches outside the window but within the resync range: the next code is needed */
        RESYNC_REQUIRED("resync_required", false, true),
        /** the selected device is not (or no longer) one of the user's */
        NO_DEVICE("no_device", false, true),
        /** the check failed unexpectedly: refused, and counted like a wrong code so it never buys a free guess */
        ERROR("error", false, true),
        /** the user waits after too many failures; nothing was checked */
        WAITING("waiting", false, false),
        /** the user's devices are locked until an admin unlocks them; nothing was checked */
        LOCKED("locked", false, false),
        /** the device's seed cannot be decrypted (keys missing or wrong): fails closed, the fault is the server's */
        UNAVAILABLE("key_unavailable", false, false),
        /** the device's seed is stored without our encryption (written outside totp-guard): refused until an admin seals it */
        UNSEALED("unsealed", false, false);

        private final String reason;
        private final boolean success;
        private final boolean counted;

        Outcome(String reason, boolean success, boolean counted) {
            this.reason = reason;
            this.success = success;
            this.counted = counted;
        }

        public String reason() {
            return reason;
        }

        public boolean success() {
            return success;
        }

        /** Whether it counts as a failed attempt (our per-user limit and the realm's brute-force detector). */
        public boolean counted() {
            return counted;
        }
    }

    /** What a counted failure started. */
    public enum Transition {
        NONE(null),
        /** the user now waits before the next attempt */
        WAIT_STARTED("waiting"),
        /** the user's devices now refuse every code until an admin unlocks them */
        LOCKED("locked");

        private final String reason;

        Transition(String reason) {
            this.reason = reason;
        }

        /** {@code waiting} or {@code locked}; {@code null} for {@link #NONE}. */
        public String reason() {
            return reason;
        }
    }

    public boolean success() {
        return outcome.success();
    }
}
