package dev.totpguard.admin;

import java.util.stream.Stream;

import dev.totpguard.audit.AdminAudit;
import dev.totpguard.credential.TotpGuardCredentialProvider;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import dev.totpguard.guard.RealmPolicies;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

/**
 * A user's devices as the user endpoints ({@link UserResource}, {@link DevicesResource}) read them: the stored devices,
 * a device as admin events name it, and the user's {@link UserStatus}. Never a seed.
 */
final class UserDevices {

    private UserDevices() {
    }

    /** The user's status: devices, lock states and pending enrollment. */
    static UserStatus status(KeycloakSession session, RealmModel realm, UserModel user) {
        int lockoutAfter = RealmPolicies.strictestLockoutAfter(realm);
        long now = Time.currentTimeMillis();
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        UserStatus.RealmLock realmLock = new UserStatus.RealmLock(
                realm.isBruteForceProtected() && protector.isTemporarilyDisabled(session, realm, user),
                protector.isPermanentlyLockedOut(session, realm, user));
        boolean enrollmentRequired = user.getRequiredActionsStream()
                .anyMatch(TotpGuardCredentialProviderFactory.ENROLL_ACTION::equals);
        return new UserStatus(user.getId(), user.getUsername(), TotpGuardAdminResource.TYPE, enrollmentRequired,
                lockoutAfter, realmLock, current(session, user).map(d -> DeviceStatus.of(d, now, lockoutAfter)).toList());
    }

    /** The user's stored devices (public part read only) as the database holds them now, in the user's order. */
    static Stream<CredentialModel> current(KeycloakSession session, UserModel user) {
        return TotpGuardCredentialProvider.of(session).devices().current(user).stream().map(CredentialModel.class::cast);
    }

    /** The device as an admin event names it: id and label. */
    static AdminAudit.DeviceRef ref(CredentialModel device) {
        return new AdminAudit.DeviceRef(device.getId(), device.getUserLabel());
    }
}
