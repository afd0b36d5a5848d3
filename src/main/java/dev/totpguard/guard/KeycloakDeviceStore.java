package dev.totpguard.guard;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
    /** The devices as Keycloak's credential store has them, read once per attempt. */
    private List<TotpGuardCredentialModel> known;

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
        if (known == null) {
            known = Devices.of(session).of(user).toList();
        }
        return known;
    }

    @Override
    public boolean claimStep(TotpGuardCredentialModel device, long step, int newDrift, int driftFrom, int driftTo,
                             long nowMillis) {
        return states().claim(device.getId(), step, newDrift, driftFrom, driftTo, nowMillis);
    }

    /**
     * The user's state rows locked ({@code SELECT … FOR UPDATE}); when they are exactly the devices Keycloak's
     * credential store knows, those devices with the rows' state: the rows decide, the credentials only give parameters
     * and seeds, which never change for a device id. A device removed meanwhile has lost its row (foreign key), and a
     * device added meanwhile has a row the credential store did not know: both, and a device of an older version without
     * a row, take the full path, which locks and reads the credential rows too ({@link Devices#lockForAttempt}).
     */
    @Override
    public List<TotpGuardCredentialModel> lockAll() {
        Map<String, TotpGuardCredentialModel.Data> rows = states().lock(user.getId());
        List<TotpGuardCredentialModel> devices = known();
        if (rows.size() == devices.size() && devices.stream().allMatch(d -> rows.containsKey(d.getId()))) {
            return devices.stream().map(d -> {
                TotpGuardCredentialModel.Data row = rows.get(d.getId());
                return d.withState(d.data().withState(row.lastStep(), row.drift(), row.failures(), row.blockedUntil(),
                        row.lastUsed()));
            }).toList();
        }
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
