package dev.totpguard.guard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.totpguard.credential.Devices;
import dev.totpguard.credential.SeedVault;
import dev.totpguard.credential.TotpGuardCredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@link DeviceStore} on Keycloak: one user's devices under database row locks ({@link Devices#lockForAttempt}), seeds opened
 * by {@link SeedVault}, steps claimed in Keycloak's cluster-wide single-use store.
 */
final class KeycloakDeviceStore implements DeviceStore {

    private static final String USED_STEP_KEY = "totp-guard:used:";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    /** The devices as {@link #lockAll} read them, by id: what {@link #store} compares with. */
    private final Map<String, TotpGuardCredentialModel> read = new HashMap<>();

    KeycloakDeviceStore(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    @Override
    public List<TotpGuardCredentialModel> lockAll() {
        List<TotpGuardCredentialModel> devices = Devices.of(session).lockForAttempt(user);
        devices.forEach(d -> read.put(d.getId(), d));
        return devices;
    }

    @Override
    public byte[] seed(TotpGuardCredentialModel device) {
        return SeedVault.of(session).open(realm, user, device);
    }

    /**
     * One {@code putIfAbsent} of the accepted step, nothing else: the monotonic rule (a step later than every step
     * accepted before) is the database's, decided under the row locks of {@link #lockAll} with the persisted last step,
     * which {@link CodeCheck} checks before claiming and stores after. What the claim adds is that a step once claimed
     * stays used even if the transaction that accepted it never commits — the same record Keycloak's built-in OTP form
     * keeps, at the same cost: one cluster-wide cache write per accepted code.
     */
    @Override
    public boolean claim(TotpGuardCredentialModel device, long step, int reach) {
        // long enough to outlive every window that contains this step
        long lifespanSeconds = (long) device.data().period() * (2L * reach + 2);
        return session.singleUseObjects().putIfAbsent(key(device, step), lifespanSeconds);
    }

    @Override
    public void store(TotpGuardCredentialModel device) {
        Devices.of(session).storeAttempt(realm, user, read.getOrDefault(device.getId(), device), device);
    }

    private static String key(TotpGuardCredentialModel device, long step) {
        return USED_STEP_KEY + device.getId() + ":" + step;
    }
}
