package dev.totpguard.admin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.totpguard.audit.AdminAudit;
import dev.totpguard.credential.DeviceReports;
import dev.totpguard.credential.DeviceRows;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.credential.TotpGuardCredentialProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Ends a user's wait and lockout of ours: the one code path of {@code POST …/totp-guard/users/{id}/unlock} and of
 * Keycloak's own Unlock buttons ({@code dev.totpguard.console}). The failure counters of every device are reset under
 * the row locks sign-in attempts take, so no concurrent attempt is lost; the admin event is ACTION
 * {@code users/{id}/totp-guard/unlock} with the devices unlocked.
 */
public final class Unlock {

    private static final String TYPE = TotpGuardCredentialModel.TYPE;

    private Unlock() {
    }

    /** Resets the user's devices; returns those that were counting failures, waiting or locked. */
    public static List<AdminAudit.DeviceRef> devices(KeycloakSession session, UserModel user) {
        Devices devices = TotpGuardCredentialProvider.of(session).devices();
        List<AdminAudit.DeviceRef> unlocked = new ArrayList<>();
        for (TotpGuardCredentialModel device : devices.lockAll(user)) {
            if (device.data().counting()) {
                unlocked.add(new AdminAudit.DeviceRef(device.getId(), device.getUserLabel()));
            }
        }
        if (!unlocked.isEmpty()) {
            DeviceRows.of(session).throttled(user.getId(), 0, 0L);
        }
        return unlocked;
    }

    /**
     * The admin event of an unlock.
     *
     * @param realmLockCleared whether Keycloak's brute-force lock of the user was cleared too
     */
    public static void audit(AdminEventBuilder event, String userId, List<AdminAudit.DeviceRef> unlocked,
                             boolean realmLockCleared) {
        AdminAudit.send(event, OperationType.ACTION, userId, AdminAudit.Representation.unlock(TYPE, unlocked,
                realmLockCleared), "unlock");
    }

    /**
     * The users of the realm with a device that counts failures, waits or is locked, read from the devices' state in one
     * query (no user loaded, no seed read); the devices themselves are re-read under lock by
     * {@link #devices}.
     */
    public static Set<String> usersToUnlock(KeycloakSession session, RealmModel realm) {
        Set<String> users = new LinkedHashSet<>();
        try (Stream<DeviceReports.UserDevice> rows = DeviceReports.of(session).statesOf(realm.getId())) {
            rows.forEach(row -> {
                if (row.data() != null && row.data().counting()) {
                    users.add(row.userId());
                }
            });
        }
        return users;
    }
}
