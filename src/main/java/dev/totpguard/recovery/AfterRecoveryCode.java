package dev.totpguard.recovery;

import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The lost-phone path of one authentication: the step after a recovery code ({@link RecoveryCodeFollowUp}) marks it,
 * and the enrollment page then lists the user's devices with a way to remove the lost one, and offers a fresh set of
 * recovery codes, until a new device is set up.
 */
public final class AfterRecoveryCode {

    /** Authentication-session note of the lost-phone path; its value is the number of recovery codes left. */
    static final String NOTE = "totp-guard.after-recovery-code";

    private AfterRecoveryCode() {
    }

    /** This authentication signed in with a recovery code; {@code left} codes remain. */
    static void mark(AuthenticationSessionModel authSession, int left) {
        authSession.setAuthNote(NOTE, Integer.toString(left));
    }

    /** Whether this authentication signed in with a recovery code (and has not set up a device since). */
    public static boolean in(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(NOTE) != null;
    }

    /** A new device is set up: the lost-phone path is over. */
    public static void clear(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(NOTE);
    }
}
