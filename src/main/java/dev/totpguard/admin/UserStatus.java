package dev.totpguard.admin;

import java.util.List;

/**
 * {@code GET …/totp-guard/users/{userId}}: a user's totp-guard devices and locks.
 *
 * @param userId             the user
 * @param username           the user's username
 * @param credentialType     always {@code totp-guard}
 * @param enrollmentRequired whether the user must enroll a device at the next sign-in (required action pending)
 * @param lockoutAfter       consecutive failures at which a device counts as {@code locked}: the strictest setting
 *                           among the realm's TOTP Guard form executions
 * @param realmLock          Keycloak's brute-force detection for this user
 * @param devices            oldest first
 */
public record UserStatus(String userId, String username, String credentialType, boolean enrollmentRequired,
                         int lockoutAfter, RealmLock realmLock, List<DeviceStatus> devices) {

    /**
     * @param temporarilyLocked Keycloak's brute-force detection refuses the user's sign-ins for now
     * @param permanentlyLocked Keycloak disabled the user after too many temporary lockouts
     */
    public record RealmLock(boolean temporarilyLocked, boolean permanentlyLocked) {
    }
}
