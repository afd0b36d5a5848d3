package dev.totpguard.credential;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.totpguard.guard.SeedUnavailableException;
import dev.totpguard.guard.UnsealedSeedException;
import dev.totpguard.otp.Base32;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Seals and opens seeds with the keys of the key file (AES-256-GCM, bound to realm, user and device), and the key
 * administration built on it: which key protects how many devices, re-encryption under the primary key, and sealing a
 * device stored unsealed. A seed is opened only from a sealed value: there is no plaintext fallback.
 */
public final class SeedVault {

    /** {@link #devicesByKey} entry for devices whose seed is not sealed by our keys. */
    public static final String UNSEALED = "unsealed";
    /** {@link #devicesByKey} entry for devices whose stored secret cannot be read at all. */
    public static final String UNREADABLE = "unreadable";

    private static final Logger LOG = Logger.getLogger(SeedVault.class);
    private static final Base64.Decoder B64 = Base64.getDecoder();
    private static final Base64.Encoder B64E = Base64.getEncoder();

    private final KeycloakSession session;
    private final SeedKeys keys;
    private final String keysProblem;

    SeedVault(KeycloakSession session, SeedKeys keys, String keysProblem) {
        this.session = session;
        this.keys = keys;
        this.keysProblem = keysProblem;
    }

    /** The {@code secretData} of a device: the seed sealed under the primary key, bound to realm, user and device. */
    String seal(String realmId, String userId, String credentialId, byte[] seed) {
        SeedKeys current = requireKeys();
        SeedCipher.Sealed sealed = SeedCipher.seal(current, seed, SeedCipher.associatedData(realmId, userId, credentialId));
        return TotpGuardCredentialModel.write(new TotpGuardCredentialModel.StoredSecret(1, sealed.keyId(),
                B64E.encodeToString(sealed.iv()), B64E.encodeToString(sealed.ciphertext()), null));
    }

    /**
     * A device's seed, for verification only.
     *
     * @throws UnsealedSeedException    when the stored seed is not sealed by our keys (never used, whatever it holds)
     * @throws SeedUnavailableException when there are no keys, the key id is unknown, the key is wrong or the value was
     *                                  altered or moved: sign-in fails closed
     */
    public byte[] open(RealmModel realm, UserModel user, TotpGuardCredentialModel device) {
        TotpGuardCredentialModel.StoredSecret stored;
        try {
            stored = device.storedSecret();
        } catch (IllegalStateException e) {
            throw new SeedUnavailableException("is unreadable");
        }
        if (!device.sealed()) {
            throw new UnsealedSeedException(device.getId());
        }
        SeedKeys current = requireKeys();
        try {
            return SeedCipher.open(current, new SeedCipher.Sealed(stored.kid(), B64.decode(stored.iv()), B64.decode(stored.ct())),
                    SeedCipher.associatedData(realm.getId(), user.getId(), device.getId()));
        } catch (IllegalArgumentException e) {
            throw new SeedUnavailableException("has a malformed ciphertext");
        }
    }

    /** Whether a device's seed is sealed under the current primary key. */
    public boolean underPrimaryKey(TotpGuardCredentialModel device) {
        return keys != null && device.sealed() && keys.primaryId().equals(device.storedSecret().kid());
    }

    /** The primary key id, or empty when no keys are loaded. */
    public Optional<String> primaryKeyId() {
        return keys == null ? Optional.empty() : Optional.of(keys.primaryId());
    }

    /** Why keys are missing, or empty when they are loaded. */
    public Optional<String> keysProblem() {
        return Optional.ofNullable(keysProblem);
    }

    /** How many of the realm's devices each key id protects ({@value #UNSEALED}: not sealed by our keys at all). */
    public Map<String, Long> devicesByKey(RealmModel realm) {
        Map<String, Long> counts = new TreeMap<>();
        for (String secret : DeviceReports.of(session).secretsOf(realm.getId())) {
            String kid;
            try {
                // the key id only: nothing is decrypted here
                kid = TotpGuardCredentialModel.sealed(secret) ? TotpGuardCredentialModel.storedSecret(secret).kid() : UNSEALED;
            } catch (IllegalStateException e) {
                kid = UNREADABLE;
            }
            counts.merge(kid, 1L, Long::sum);
        }
        return counts;
    }

    /** Counts of a re-encryption run; {@code unsealed} devices are left for {@link #sealUnsealed} and not counted as failed. */
    public record ReencryptReport(String primaryKeyId, int devices, int reencrypted, int alreadyPrimary, int unsealed,
                                  int failed) {
    }

    /**
     * Re-encrypts every sealed device of the realm that is not under the primary key. Devices that cannot be decrypted
     * are counted as failed and left as they are; unsealed ones are counted and left as they are (sealing them is a
     * separate, per-device admin decision).
     */
    public ReencryptReport reencrypt(RealmModel realm) {
        SeedKeys current = requireKeys();
        Devices devices = TotpGuardCredentialProvider.of(session).devices();
        List<DeviceReports.Ref> rows = DeviceReports.of(session).refsOf(realm.getId());
        int reencrypted = 0;
        int alreadyPrimary = 0;
        int unsealed = 0;
        int failed = 0;
        for (DeviceReports.Ref row : rows) {
            UserModel user = session.users().getUserById(realm, row.userId());
            Optional<TotpGuardCredentialModel> device = user == null ? Optional.empty()
                    : devices.lockAll(user).stream().filter(d -> d.getId().equals(row.id())).findFirst();
            if (device.isEmpty()) {
                failed++;
            } else if (!device.get().sealed()) {
                unsealed++;
            } else if (underPrimaryKey(device.get())) {
                alreadyPrimary++;
            } else {
                try {
                    byte[] seed = open(realm, user, device.get());
                    TotpGuardCredentialModel updated = device.get().with(device.get().data());
                    updated.setSecretData(seal(realm.getId(), user.getId(), updated.getId(), seed));
                    devices.store(user, updated);
                    reencrypted++;
                } catch (SeedUnavailableException e) {
                    LOG.errorf("totp-guard: device %s of user %s in realm %s cannot be re-encrypted: its seed %s",
                            row.id(), row.userId(), realm.getName(), e.getMessage());
                    failed++;
                }
            }
        }
        return new ReencryptReport(current.primaryId(), rows.size(), reencrypted, alreadyPrimary, unsealed, failed);
    }

    /**
     * Seals the plaintext seed of one device under the primary key: the explicit admin decision that makes an unsealed
     * device usable again (the caller records an admin event).
     *
     * @return false when the device is already sealed
     * @throws IllegalArgumentException when the stored plaintext is not a usable seed (unreadable, or under 128 bits)
     */
    public boolean sealUnsealed(RealmModel realm, UserModel user, TotpGuardCredentialModel device) {
        if (device.sealed()) {
            return false;
        }
        requireKeys();
        String plaintext;
        try {
            plaintext = device.storedSecret().seed();
        } catch (IllegalStateException e) {
            plaintext = null;
        }
        byte[] seed;
        try {
            seed = plaintext == null ? null : Base32.decode(plaintext);
        } catch (IllegalArgumentException e) {
            seed = null;
        }
        if (seed == null || seed.length < DeviceRules.MIN_SEED_BYTES) {
            throw new IllegalArgumentException("the stored seed is unreadable or shorter than 128 bits: remove the device "
                    + "and let the user enroll again");
        }
        TotpGuardCredentialModel updated = device.with(device.data());
        updated.setSecretData(seal(realm.getId(), user.getId(), device.getId(), seed));
        TotpGuardCredentialProvider.of(session).devices().store(user, updated);
        return true;
    }

    private SeedKeys requireKeys() {
        if (keys == null) {
            throw new SeedUnavailableException("cannot be used: no seed keys (" + keysProblem + ")");
        }
        return keys;
    }
}
