package dev.totpguard.credential;

/**
 * What checking one submitted code against one device gave.
 *
 * @param outcome      the result; only {@link Outcome#ACCEPTED} lets a user through
 * @param credentialId the device checked, or {@code null} when none was found
 * @param label        the device's label, or {@code null}
 * @param skew         for an accepted code, the matched step minus the server's current step; 0 otherwise
 */
public record Verification(Outcome outcome, String credentialId, String label, long skew) {

    /** Outcomes, with the reason names that audit events carry. */
    public enum Outcome {
        ACCEPTED("accepted"),
        /** no step of the window matches */
        INVALID("invalid"),
        /** a step that matches was already used, or an earlier step than one already used */
        REPLAYED("replayed"),
        /** not exactly the device's number of ASCII digits */
        MALFORMED("malformed"),
        /** the user has no such device */
        NO_DEVICE("no_device");

        private final String reason;

        Outcome(String reason) {
            this.reason = reason;
        }

        /** The value of the {@code reason} event detail. */
        public String reason() {
            return reason;
        }
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }

    static Verification of(Outcome outcome, TotpGuardCredentialModel device) {
        return new Verification(outcome, device.getId(), device.getUserLabel(), 0);
    }
}
