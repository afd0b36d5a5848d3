package dev.totpguard.admin;

import java.util.List;

/**
 * {@code GET …/totp-guard/summary}: how many users have devices, and which devices refuse codes now.
 *
 * @param realm           the realm name
 * @param credentialType  always {@code totp-guard}
 * @param usersWithDevices users with at least one device
 * @param devices         all devices
 * @param waitingDevices  devices waiting after failures
 * @param lockedDevices   devices locked until an admin unlocks them
 * @param unsealedDevices devices whose seed is not sealed by our keys (refused at sign-in until an admin seals them)
 * @param lockoutAfter    see {@link UserStatus#lockoutAfter()}
 * @param attention       waiting and locked devices, at most {@code max} of them, by username
 * @param truncated       whether {@code attention} was cut at {@code max}
 * @param directGrant     whether the realm's direct grants check devices (see {@link DirectGrantCoverage})
 * @param toEnroll        users still to enroll a first device (see {@link ToEnroll})
 */
public record RealmSummary(String realm, String credentialType, long usersWithDevices, long devices,
                           long waitingDevices, long lockedDevices, long unsealedDevices, int lockoutAfter,
                           List<Entry> attention, boolean truncated, DirectGrantCoverage directGrant,
                           ToEnroll toEnroll) {

    /**
     * Users without a device who are on their way to one: those who postponed enrollment during a roll-out's grace
     * period ("Later"), and those an admin gave the enrollment required action (a reset, or set by hand).
     *
     * @param postponed      users who chose "Later" at least once and still have no device
     * @param requiredAction users with required action {@code totp-guard-enroll}
     */
    public record ToEnroll(long postponed, long requiredAction) {
    }

    /** A device that refuses codes now (waiting, locked, unsealed or unreadable), and its user. */
    public record Entry(String userId, String username, DeviceStatus device) {
    }
}
