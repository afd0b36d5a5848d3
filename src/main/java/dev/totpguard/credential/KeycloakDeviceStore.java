package dev.totpguard.credential;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.totpguard.guard.CodeCheck;
import dev.totpguard.guard.Device;
import dev.totpguard.guard.DeviceStore;
import dev.totpguard.guard.RealmPolicies;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@link DeviceStore} on Keycloak: the devices' parameters and seeds from Keycloak's credential store (cached like
 * every credential), their moving state in our own table ({@link DeviceRows}: one conditional statement per accepted
 * code, row locks for everything else), seeds opened by {@link SeedVault}, steps claimed in Keycloak's cluster-wide
 * single-use store. It hands the check {@link Device}s and keeps the credential models they came from, to open seeds.
 */
public final class KeycloakDeviceStore implements DeviceStore {

    private static final String USED_STEP_KEY = "totp-guard:used:";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;
    private final Devices devices;
    private final SeedVault vault;
    /** The steps this attempt claimed in the single-use store already. */
    private final Set<String> claimedHere = new HashSet<>();
    /** The credential models behind the devices handed out, by id: what seeds are opened from. */
    private final Map<String, TotpGuardCredentialModel> models = new HashMap<>();
    private DeviceRows rows;
    /** The devices as Keycloak's credential store has them, read once per attempt. */
    private List<TotpGuardCredentialModel> known;

    private KeycloakDeviceStore(KeycloakSession session, RealmModel realm, UserModel user,
                                TotpGuardCredentialProvider credentials) {
        this.session = session;
        this.realm = realm;
        this.user = user;
        this.devices = credentials.devices();
        this.vault = credentials.vault();
    }

    /**
     * The check for one user's devices in Keycloak, on Keycloak's clock (which tests can offset), counting against the
     * realm's strictest throttle: what every way into a device calls.
     */
    public static CodeCheck checkFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return new CodeCheck(new KeycloakDeviceStore(session, realm, user, TotpGuardCredentialProvider.of(session)), Time::currentTimeMillis,
                RealmPolicies.throttle(realm));
    }

    private DeviceRows rows() {
        if (rows == null) {
            rows = DeviceRows.of(session);
        }
        return rows;
    }

    private List<TotpGuardCredentialModel> knownModels() {
        if (known == null) {
            known = Devices.of(user).toList();
        }
        return known;
    }

    private List<Device> handOut(List<TotpGuardCredentialModel> devices) {
        devices.forEach(d -> models.put(d.getId(), d));
        return devices.stream().map(TotpGuardCredentialModel::device).toList();
    }

    @Override
    public List<Device> known() {
        return handOut(knownModels());
    }

    @Override
    public boolean claimStep(Device device, long step, int newDrift, int driftFrom, int driftTo, long nowMillis) {
        return rows().claim(device.id(), step, newDrift, driftFrom, driftTo, nowMillis);
    }

    /**
     * The user's state rows locked ({@code SELECT … FOR UPDATE}); when they are exactly the devices Keycloak's
     * credential store knows, those devices with the rows' state: the rows decide, the credentials only give parameters
     * and seeds, which never change for a device id. A device removed meanwhile has lost its row (foreign key), and a
     * device added meanwhile has a row the credential store did not know: both, and a device of an older version without
     * a row, take the full path, which locks and reads the credential rows too, after the state rows
     * ({@link Devices#lockForAttempt}; the lock order is {@link DeviceRows}').
     */
    @Override
    public List<Device> lockAll() {
        Map<String, TotpGuardCredentialModel.Data> states = rows().lockStates(user.getId());
        List<TotpGuardCredentialModel> devices = knownModels();
        if (states.size() == devices.size() && devices.stream().allMatch(d -> states.containsKey(d.getId()))) {
            return handOut(devices.stream().map(d -> {
                TotpGuardCredentialModel.Data row = states.get(d.getId());
                return d.withState(d.data().withState(row.lastStep(), row.drift(), row.failures(), row.waitUntil(),
                        row.lastUsed()));
            }).toList());
        }
        return handOut(this.devices.lockForAttempt(user));
    }

    @Override
    public byte[] seed(Device device) {
        TotpGuardCredentialModel model = models.get(device.id());
        if (model == null) {
            throw new IllegalStateException("device " + device.id() + " was not read by this attempt");
        }
        return vault.open(realm, user, model);
    }

    /**
     * One {@code putIfAbsent} of the accepted step: the same record Keycloak's built-in OTP form keeps, at the same
     * cost, under the key totp-guard has always used (so nodes of an older version honour it during a rolling
     * upgrade).
     */
    @Override
    public boolean claim(Device device, long step, int reach) {
        String key = USED_STEP_KEY + device.id() + ":" + step;
        if (claimedHere.contains(key)) {
            return true;
        }
        // long enough to outlive every window that contains this step
        long lifespanSeconds = (long) device.totp().periodSeconds() * (2L * reach + 2);
        boolean claimed = session.singleUseObjects().putIfAbsent(key, lifespanSeconds);
        if (claimed) {
            claimedHere.add(key);
        }
        return claimed;
    }

    @Override
    public void accepted(Device device, long step, int drift, long nowMillis, boolean counting) {
        rows().accepted(user.getId(), device.id(), step, drift, nowMillis, counting);
    }

    @Override
    public void throttled(int failures, long waitUntil) {
        rows().throttled(user.getId(), failures, waitUntil);
    }
}
