package dev.totpguard.ceremony;

/** The moments around a user's second factor that change it, or let a sign-in go on without it. */
public enum Ceremony {
    /** Setting up a device when the user has none (a flow demands it, the Account Console, an execute-actions mail). */
    FIRST_DEVICE,
    /** Setting up one more device when the user has one. */
    ANOTHER_DEVICE,
    /** Removing one of the user's devices (Account Console, the set-up page after a recovery code). */
    REMOVE_DEVICE,
    /** A fresh set of recovery codes for a user who has a device. */
    NEW_RECOVERY_CODES,
    /** "Later": going on without a device during a roll-out's grace period. */
    POSTPONE,
    /** "Don't ask again on this browser" after a code. */
    REMEMBER_BROWSER
}
