package dev.totpguard.guard;

/**
 * What one sign-in attempt on one device gave.
 *
 * @param outcome      the result; {@link Outcome#ACCEPTED} and {@link Outcome#RESYNCED} let the user through
 * @param credentialId the device, or {@code null} when none was found
 * @param label        the device's label, or {@code null}
 * @param skew         for an accepted code: matched step minus the server's current step
 * @param drift        the device's drift after the attempt, in steps
 * @param failures     the device's consecutive failures after the attempt
 */
public record Attempt(Outcome outcome, String credentialId, String label, long skew, int drift, int failures) {

    /** Outcomes, with the {@code reason} names audit events carry. */
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
        /** the device waits after too many failures, or is locked until an admin unlocks it; nothing was checked */
        LOCKED("locked", false, false),
        /** the device's seed cannot be decrypted (keys missing or wrong): fails closed, the fault is the server's */
        UNAVAILABLE("key_unavailable", false, false),
        /** the user has no such device */
        NO_DEVICE("no_device", false, true);

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

        /** Whether it counts as a failed attempt (device limit and the realm's brute-force detector). */
        public boolean counted() {
            return counted;
        }
    }

    public boolean success() {
        return outcome.success();
    }
}
