package dev.totpguard.guard;

/**
 * Where a user stands with the attempt limit: the one reading of the failure count and the wait, used by the check
 * ({@link CodeCheck} refuses {@link #WAITING} and {@link #LOCKED_OUT} without looking at the code), by the admin
 * view of a device and by the export to the built-in OTP. Nothing else decides "waiting" or "locked out".
 */
public enum Standing {
    /** attempts are checked */
    FREE,
    /** after too many failures: attempts are refused until the wait is over */
    WAITING,
    /** the failures reached "lockout after": attempts are refused until an admin unlocks the user */
    LOCKED_OUT;

    /**
     * @param failures     the user's consecutive failures
     * @param waitUntil    epoch millis before which the user waits (0: no wait)
     * @param lockoutAfter consecutive failures at which the user is locked out ({@link Throttle#lockoutAfter()})
     * @param nowMillis    now
     */
    public static Standing of(int failures, long waitUntil, int lockoutAfter, long nowMillis) {
        if (failures >= lockoutAfter) {
            return LOCKED_OUT;
        }
        return nowMillis < waitUntil ? WAITING : FREE;
    }
}
