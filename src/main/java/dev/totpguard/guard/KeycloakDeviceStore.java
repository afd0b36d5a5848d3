package dev.totpguard.guard;

import java.util.List;

import dev.totpguard.credential.Devices;
import dev.totpguard.credential.SeedVault;
import dev.totpguard.credential.TotpGuardCredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * {@link DeviceStore} on Keycloak: one user's devices under database row locks ({@link Devices#lockAll}), seeds opened
 * by {@link SeedVault}, steps claimed in Keycloak's cluster-wide single-use store.
 */
final class KeycloakDeviceStore implements DeviceStore {

    private static final String USED_STEP_KEY = "totp-guard:used:";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;

    KeycloakDeviceStore(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    @Override
    public List<TotpGuardCredentialModel> lockAll() {
        return Devices.of(session).lockAll(user);
    }

    @Override
    public byte[] seed(TotpGuardCredentialModel device) {
        return SeedVault.of(session).open(realm, user, device);
    }

    /**
     * The step is claimed with {@code putIfAbsent}; a later step already claimed by a concurrent request wins; earlier
     * steps of the window are marked used. The persisted last step keeps the rule after the store has forgotten.
     */
    @Override
    public boolean claim(TotpGuardCredentialModel device, long step, int reach) {
        SingleUseObjectProvider used = session.singleUseObjects();
        // long enough to outlive every window that contains this step
        long lifespanSeconds = (long) device.data().period() * (2L * reach + 2);
        if (!used.putIfAbsent(key(device, step), lifespanSeconds)) {
            return false;
        }
        for (long later = step + 1; later <= step + 2L * reach; later++) {
            if (used.contains(key(device, later))) {
                return false;
            }
        }
        for (long earlier = Math.max(step - 2L * reach, device.lastStep() + 1); earlier < step; earlier++) {
            used.putIfAbsent(key(device, earlier), lifespanSeconds);
        }
        return true;
    }

    @Override
    public void store(TotpGuardCredentialModel device) {
        Devices.of(session).store(user, device);
    }

    private static String key(TotpGuardCredentialModel device, long step) {
        return USED_STEP_KEY + device.getId() + ":" + step;
    }
}
