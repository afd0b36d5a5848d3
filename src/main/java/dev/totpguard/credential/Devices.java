package dev.totpguard.credential;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.totpguard.guard.SeedUnavailableException;
import dev.totpguard.guard.UnsealedSeedException;
import dev.totpguard.otp.Totp;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A user's devices in Keycloak's credential store: list, find, lock for an attempt, store, create (seed sealed) and
 * import. Never decrypts a seed (that is {@link SeedVault}'s job). Its statements, and the lock order and cache rules
 * they keep, are {@link DeviceRows}'.
 */
public final class Devices {

    private static final Logger LOG = Logger.getLogger(Devices.class);

    private final KeycloakSession session;
    private final SeedVault vault;

    Devices(KeycloakSession session, SeedVault vault) {
        this.session = session;
        this.vault = vault;
    }

    /** The user's devices, in the user's order of preference (Keycloak's credential priority; first = default). */
    public static Stream<TotpGuardCredentialModel> of(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TotpGuardCredentialModel.TYPE)
                .map(TotpGuardCredentialModel::fromModel);
    }

    /** Whether the user has at least one device. */
    public static boolean any(UserModel user) {
        return of(user).findAny().isPresent();
    }

    /** One of the user's devices by id. */
    public static Optional<TotpGuardCredentialModel> find(UserModel user, String credentialId) {
        return credentialId == null ? Optional.empty() : of(user).filter(d -> credentialId.equals(d.getId())).findFirst();
    }

    /**
     * All the user's devices, read fresh from the database and locked until the transaction ends
     * ({@link DeviceRows#lockDevices}): parallel requests on the same user, on any cluster node, run one after the other.
     * Returned in the user's order of preference; a device removed meanwhile is absent. The set of devices is the
     * database's too: for decisions about the set itself (a new device, admin actions). Entities, because the callers
     * store through Keycloak's credential manager; sign-in attempts use {@link #lockForAttempt} instead, which needs no
     * entity. The devices' state rows are locked too, before the device rows (the lock order is {@link DeviceRows}'),
     * and created for devices of an older version ({@link DeviceStates#merge}).
     */
    public List<TotpGuardCredentialModel> lockAll(UserModel user) {
        DeviceRows rows = rows();
        // the lock order (DeviceRows): the state rows before the device rows, as a sign-in attempt takes them
        rows.lockStates(user.getId());
        return new DeviceStates(rows).merge(user.getId(), rows.lockDevices(user.getId()), true);
    }

    /**
     * For a sign-in attempt that {@link DeviceRows#claim one statement} could not settle and whose state rows are not
     * the devices Keycloak's cache knows: every device of the user locked and read fresh from the database
     * ({@link DeviceRows#readDevices}: scalar columns only, no entity joins this transaction's persistence context),
     * after the state rows the attempt holds already, in the user's order of preference, with their state
     * ({@link DeviceStates#merge}). Attempts store their result through {@link DeviceRows}.
     */
    public List<TotpGuardCredentialModel> lockForAttempt(UserModel user) {
        DeviceRows rows = rows();
        return new DeviceStates(rows).merge(user.getId(), rows.readDevices(user.getId(), true), true);
    }

    /** The user's devices and their state as the database holds them now, without a lock: what the admin API shows. */
    public List<TotpGuardCredentialModel> current(UserModel user) {
        DeviceRows rows = rows();
        return new DeviceStates(rows).merge(user.getId(), rows.readDevices(user.getId(), false), false);
    }

    /** The one way to add a device. */
    public NewDevices newDevices() {
        return new NewDevices(this);
    }

    private DeviceRows rows() {
        return DeviceRows.of(session);
    }

    /** Stores a device's new public data (or re-sealed secret). */
    public void store(UserModel user, TotpGuardCredentialModel device) {
        user.credentialManager().updateStoredCredential(device);
    }

    /**
     * Seals the seed under the primary key, bound to realm, user and the new device id, and stores the device with its
     * state row (its last step as given), ahead of the user's recovery codes ({@link TotpGuardCredentialProvider#aheadOfRecoveryCodes}).
     */
    public CredentialModel create(RealmModel realm, UserModel user, TotpGuardCredentialModel device, byte[] seed) {
        device.setId(KeycloakModelUtils.generateId());
        device.setSecretData(vault.seal(realm.getId(), user.getId(), device.getId(), seed));
        if (device.getCreatedDate() == null) {
            device.setCreatedDate(Time.currentTimeMillis());
        }
        CredentialModel stored = user.credentialManager().createStoredCredential(device);
        // the new device counts the user's failures and wait as the user's other devices do
        DeviceRows rows = rows();
        Map<String, TotpGuardCredentialModel.Data> others = rows.lockStates(user.getId());
        TotpGuardCredentialModel.Data data = device.data();
        rows.insertState(stored.getId(), user.getId(), data.withState(data.lastStep(), 0,
                others.values().stream().mapToInt(TotpGuardCredentialModel.Data::failures).max().orElse(0),
                others.values().stream().mapToLong(TotpGuardCredentialModel.Data::waitUntil).max().orElse(0L), 0L));
        TotpGuardCredentialProvider.aheadOfRecoveryCodes(user, stored.getId());
        return stored;
    }

    /**
     * Locks what decides whether the user may get one more device, for the rest of the transaction: the user's row
     * first ({@link DeviceRows#lockUser}: it covers a user without a device, who has no device row to lock), then every
     * device ({@link #lockAll}). Used before counting devices or comparing labels and seeds for a new device
     * (enrollment, import, migration).
     */
    public List<TotpGuardCredentialModel> lockForNewDevice(UserModel user) {
        rows().lockUser(user.getId());
        return lockAll(user);
    }

    /**
     * Provisions a device from an existing seed (hardware token, another system) through {@link NewDevices}, as
     * enrollment does, and only if none of the user's devices holds the same seed. The codes of the current step and
     * the one before are accepted at once, so the token works right after import.
     *
     * @param label      normalised ({@link DeviceRules#normaliseLabel}), {@code null} for none
     * @param maxDevices the realm's maximum devices per user
     * @throws IllegalArgumentException for parameters, a seed or a label the rules refuse
     * @throws DeviceConflictException  at the device limit, for a label the user already uses, or a seed they hold
     */
    public CredentialModel importDevice(RealmModel realm, UserModel user, Totp totp, byte[] seed, String label,
                                        int maxDevices, boolean labelRequired) {
        long now = Time.currentTimeMillis();
        long lastStep = totp.step(Instant.ofEpochMilli(now)) - 2;
        NewDevices.Result result = newDevices().add(realm, user, new NewDevices.Request(totp, seed, label, now, lastStep,
                maxDevices, labelRequired), NewDevices.Rules.STANDARD, current -> !holdsSeed(realm, user, current, seed));
        if (result.added()) {
            return result.device();
        }
        switch (result.refusal()) {
            case DEVICE_LIMIT -> throw new DeviceConflictException("the user already has " + result.devices() + " devices, "
                    + "the realm's maximum (Maximum devices per user, totp-guard.max-devices)");
            case SEED -> throw new DeviceConflictException("the user already has a device with this seed");
            default -> {
                String message = DeviceRules.describe(result.labelProblem());
                throw result.labelProblem() == DeviceRules.LabelProblem.TAKEN ? new DeviceConflictException(message)
                        : new IllegalArgumentException(message);
            }
        }
    }

    /**
     * Whether one of {@code devices} holds {@code seed}: each sealed seed is opened and compared in constant time, with
     * no early exit. A device whose seed cannot be opened (unsealed, or under a missing key) cannot sign in either and
     * is left out of the comparison.
     */
    boolean holdsSeed(RealmModel realm, UserModel user, List<TotpGuardCredentialModel> devices, byte[] seed) {
        boolean held = false;
        for (TotpGuardCredentialModel device : devices) {
            if (!device.sealed()) {
                continue;
            }
            byte[] other;
            try {
                other = vault.open(realm, user, device);
            } catch (SeedUnavailableException | UnsealedSeedException e) {
                LOG.warnf("totp-guard: device %s of user %s is left out of the duplicate-seed check: its seed cannot be "
                        + "opened", device.getId(), user.getId());
                continue;
            }
            try {
                held |= MessageDigest.isEqual(other, seed);
            } finally {
                Arrays.fill(other, (byte) 0);
            }
        }
        return held;
    }
}
