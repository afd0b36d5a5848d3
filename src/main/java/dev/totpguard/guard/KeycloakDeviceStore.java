package dev.totpguard.guard;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.totpguard.credential.DeviceStates;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.SeedVault;
import dev.totpguard.credential.TotpGuardCredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@link DeviceStore} on Keycloak: the devices' parameters and seeds from Keycloak's credential store (cached like
 * every credential), their moving state in our own table ({@link DeviceStates}: one conditional statement per accepted
 * code, row locks for everything else), seeds opened by {@link SeedVault}, steps claimed in Keycloak's cluster-wide
 * single-use store.
 */
final class KeycloakDeviceStore implements DeviceStore {

    private static final String USED_STEP_KEY = "totp-guard:used:";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    /** The steps this attempt claimed in the single-use store already. */
    private final Set<String> claimedHere = new HashSet<>();
    private DeviceStates states;

    KeycloakDeviceStore(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    private DeviceStates states() {
        if (states == null) {
            states = Devices.of(session).states();
        }
        return states;
    }

    @Override
    public List<TotpGuardCredentialModel> known() {
        return Devices.of(session).of(user).toList();
    }

    @Override
    public boolean claimStep(TotpGuardCredentialModel device, long step, int newDrift, int driftFrom, int driftTo,
                             long nowMillis) {
        return states().claim(device.getId(), step, newDrift, driftFrom, driftTo, nowMillis);
    }

    @Override
    public List<TotpGuardCredentialModel> lockAll() {
        return Devices.of(session).lockForAttempt(user);
    }

    @Override
    public byte[] seed(TotpGuardCredentialModel device) {
        return SeedVault.of(session).open(realm, user, device);
    }

    /**
     * One {@code putIfAbsent} of the accepted step: the same record Keycloak's built-in OTP form keeps, at the same
     * cost, under the key totp-guard has always used (so nodes of an older version honour it during a rolling
     * upgrade).
     */
    @Override
    public boolean claim(TotpGuardCredentialModel device, long step, int reach) {
        String key = USED_STEP_KEY + device.getId() + ":" + step;
        if (claimedHere.contains(key)) {
            return true;
        }
        // long enough to outlive every window that contains this step
        long lifespanSeconds = (long) device.data().period() * (2L * reach + 2);
        boolean claimed = session.singleUseObjects().putIfAbsent(key, lifespanSeconds);
        if (claimed) {
            claimedHere.add(key);
        }
        return claimed;
    }

    @Override
    public void accepted(TotpGuardCredentialModel device, long step, int drift, long nowMillis, boolean counting) {
        states().accepted(user.getId(), device.getId(), step, drift, nowMillis, counting);
    }

    @Override
    public void throttled(int failures, long blockedUntil) {
        states().throttled(user.getId(), failures, blockedUntil);
    }
}
