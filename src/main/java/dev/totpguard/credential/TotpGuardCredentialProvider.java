package dev.totpguard.credential;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;

import dev.totpguard.otp.Base32;
import dev.totpguard.otp.CodeParser;
import dev.totpguard.otp.Totp;
import dev.totpguard.otp.TotpVerifier;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.CredentialEntity;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The {@value TotpGuardCredentialModel#TYPE} credential type: stores devices, reads a device under a row lock for an
 * attempt, and claims a step so that it is accepted once. The claim lives here rather than in our authenticator so that
 * every path into Keycloak's {@code credentialManager().isValid(...)} enforces "accept once" too.
 *
 * <p>Public (unlike our other providers) because the authenticator, the required action, the guard and the admin API
 * call it.
 */
public final class TotpGuardCredentialProvider
        implements CredentialProvider<TotpGuardCredentialModel>, CredentialInputValidator {

    /** Window used when Keycloak asks through {@link #isValid}, i.e. outside our authenticator. */
    public static final int DEFAULT_WINDOW = 1;

    private static final String USED_STEP_KEY = "totp-guard:used:";

    private static final Logger LOG = Logger.getLogger(TotpGuardCredentialProvider.class);

    private final KeycloakSession session;
    private final SeedKeys keys;
    private final String keysProblem;

    /**
     * @param keys        the seed keys, or {@code null} when they could not be loaded
     * @param keysProblem why there are no keys (for error messages), or {@code null}
     */
    TotpGuardCredentialProvider(KeycloakSession session, SeedKeys keys, String keysProblem) {
        this.session = session;
        this.keys = keys;
        this.keysProblem = keysProblem;
    }

    /** This session's instance. */
    public static TotpGuardCredentialProvider of(KeycloakSession session) {
        return (TotpGuardCredentialProvider) session.getProvider(CredentialProvider.class,
                TotpGuardCredentialProviderFactory.PROVIDER_ID);
    }

    @Override
    public String getType() {
        return TotpGuardCredentialModel.TYPE;
    }

    /**
     * Stores a device whose {@code secretData} was already sealed by {@link #createDevice}. Anything else is refused:
     * a seed never reaches the database unencrypted.
     */
    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, TotpGuardCredentialModel device) {
        if (device.getId() == null || device.getSecretData() == null || device.storedSecret().ct() == null) {
            throw new IllegalArgumentException("a " + getType() + " device is created through createDevice (encrypted seed)");
        }
        if (device.getCreatedDate() == null) {
            device.setCreatedDate(Time.currentTimeMillis());
        }
        return user.credentialManager().createStoredCredential(device);
    }

    /** Encrypts the seed under the primary key, bound to realm, user and the new credential id, and stores the device. */
    public CredentialModel createDevice(RealmModel realm, UserModel user, TotpGuardCredentialModel device, byte[] seed) {
        SeedKeys current = requireKeys();
        device.setId(KeycloakModelUtils.generateId());
        device.setSecretData(seal(current, realm.getId(), user.getId(), device.getId(), seed));
        return createCredential(realm, user, device);
    }

    /**
     * Decrypts a device's seed, for verification only.
     *
     * @throws SeedUnavailableException when there are no keys, the key id is unknown, the key is wrong or the value was
     *                                  altered or moved: sign-in fails closed
     */
    public byte[] seed(RealmModel realm, UserModel user, TotpGuardCredentialModel device) {
        TotpGuardCredentialModel.StoredSecret stored = device.storedSecret();
        if (stored.ct() == null) {
            if (stored.seed() == null) {
                throw new SeedUnavailableException("no seed stored");
            }
            // stored by 0.1, before encryption: still usable; re-encryption (admin API) seals it
            return Base32.decode(stored.seed());
        }
        SeedKeys current = requireKeys();
        try {
            return SeedCipher.open(current, new SeedCipher.Sealed(stored.kid(), B64.decode(stored.iv()), B64.decode(stored.ct())),
                    SeedCipher.associatedData(realm.getId(), user.getId(), device.getId()));
        } catch (IllegalArgumentException e) {
            throw new SeedUnavailableException("malformed ciphertext");
        }
    }

    /** Whether a device's seed is sealed under the current primary key. */
    public boolean underPrimaryKey(TotpGuardCredentialModel device) {
        return keys != null && keys.primaryId().equals(device.storedSecret().kid());
    }

    /** The primary key id, or empty when no keys are loaded. */
    public Optional<String> primaryKeyId() {
        return keys == null ? Optional.empty() : Optional.of(keys.primaryId());
    }

    /** Why keys are missing, or empty when they are loaded. */
    public Optional<String> keysProblem() {
        return Optional.ofNullable(keysProblem);
    }

    /** Smallest imported secret: RFC 4226 §4 R6 asks for at least 128 bits. */
    public static final int MIN_IMPORT_SECRET_BYTES = 16;

    /**
     * Provisions a device from an existing seed (hardware token, another system). The codes of the current step and
     * the one before are accepted at once, so the token works right after import.
     *
     * @throws IllegalArgumentException for a secret under 128 bits or a label the user already uses
     */
    public CredentialModel importDevice(RealmModel realm, UserModel user, Totp totp, byte[] seed, String label) {
        if (seed.length < MIN_IMPORT_SECRET_BYTES) {
            throw new IllegalArgumentException("secret must be at least 128 bits (RFC 4226), got " + seed.length * 8);
        }
        if (label != null && devices(user).anyMatch(d -> label.equalsIgnoreCase(d.getUserLabel()))) {
            throw new IllegalArgumentException("the user already has a device labelled '" + label + "'");
        }
        long now = Time.currentTimeMillis();
        long lastStep = totp.step(Instant.ofEpochMilli(now)) - 2;
        return createDevice(realm, user, TotpGuardCredentialModel.create(totp, label, now, lastStep), seed);
    }

    /** How many of the realm's devices each key id protects ({@code plaintext-0.1} for devices stored before 0.2). */
    public java.util.Map<String, Long> devicesByKey(RealmModel realm) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<String> secrets = em.createQuery("select c.secretData from CredentialEntity c "
                        + "where c.type = :type and c.user.realmId = :realm", String.class)
                .setParameter("type", getType()).setParameter("realm", realm.getId()).getResultList();
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (String secret : secrets) {
            String kid;
            try {
                // the key id only: nothing is decrypted here
                TotpGuardCredentialModel.StoredSecret stored = TotpGuardCredentialModel.storedSecret(secret);
                kid = stored.ct() != null ? stored.kid() : "plaintext-0.1";
            } catch (IllegalStateException e) {
                kid = "unreadable";
            }
            counts.merge(kid, 1L, Long::sum);
        }
        return counts;
    }

    /** Counts of a re-encryption run. */
    public record ReencryptReport(String primaryKeyId, int devices, int reencrypted, int alreadyPrimary, int failed) {
    }

    /**
     * Re-encrypts every device of the realm that is not sealed under the primary key (older keys, or plaintext from
     * 0.1). Devices that cannot be decrypted are counted as failed and left as they are.
     */
    public ReencryptReport reencrypt(RealmModel realm) {
        SeedKeys current = requireKeys();
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<Object[]> rows = em.createQuery("select c.id, c.user.id from CredentialEntity c "
                        + "where c.type = :type and c.user.realmId = :realm", Object[].class)
                .setParameter("type", getType()).setParameter("realm", realm.getId()).getResultList();
        int reencrypted = 0;
        int alreadyPrimary = 0;
        int failed = 0;
        for (Object[] row : rows) {
            UserModel user = session.users().getUserById(realm, (String) row[1]);
            Optional<TotpGuardCredentialModel> device = user == null ? Optional.empty() : lockForAttempt(user, (String) row[0]);
            if (device.isEmpty()) {
                failed++;
                continue;
            }
            if (underPrimaryKey(device.get())) {
                alreadyPrimary++;
                continue;
            }
            try {
                byte[] seed = seed(realm, user, device.get());
                TotpGuardCredentialModel updated = device.get().with(device.get().data());
                updated.setSecretData(seal(current, realm.getId(), user.getId(), updated.getId(), seed));
                store(user, updated);
                reencrypted++;
            } catch (SeedUnavailableException e) {
                LOG.errorf("totp-guard: device %s of user %s in realm %s cannot be re-encrypted: %s",
                        row[0], row[1], realm.getName(), e.getMessage());
                failed++;
            }
        }
        return new ReencryptReport(current.primaryId(), rows.size(), reencrypted, alreadyPrimary, failed);
    }

    private SeedKeys requireKeys() {
        if (keys == null) {
            throw new SeedUnavailableException("no seed keys: " + keysProblem);
        }
        return keys;
    }

    private static String seal(SeedKeys keys, String realmId, String userId, String credentialId, byte[] seed) {
        SeedCipher.Sealed sealed = SeedCipher.seal(keys, seed, SeedCipher.associatedData(realmId, userId, credentialId));
        return TotpGuardCredentialModel.write(new TotpGuardCredentialModel.StoredSecret(1, sealed.keyId(),
                B64E.encodeToString(sealed.iv()), B64E.encodeToString(sealed.ciphertext()), null));
    }

    private static final java.util.Base64.Decoder B64 = java.util.Base64.getDecoder();
    private static final java.util.Base64.Encoder B64E = java.util.Base64.getEncoder();

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public TotpGuardCredentialModel getCredentialFromModel(CredentialModel model) {
        return TotpGuardCredentialModel.fromModel(model);
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("totpGuardDisplayName")
                .helpText("totpGuardHelpText")
                .iconCssClass("kcAuthenticatorOTPClass")
                .createAction(TotpGuardCredentialProviderFactory.ENROLL_ACTION)
                .removeable(true)
                .build(session);
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && devices(user).findAny().isPresent();
    }

    /**
     * Validation for callers other than our authenticator: window {@value #DEFAULT_WINDOW} around the device's learned
     * drift, accept once. No throttling here: that belongs to the sign-in flow.
     */
    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!supportsCredentialType(input.getType())) {
            return false;
        }
        Optional<TotpGuardCredentialModel> found = lockForAttempt(user, input.getCredentialId());
        if (found.isEmpty()) {
            return false;
        }
        TotpGuardCredentialModel device = found.get();
        Totp totp = device.totp();
        OptionalInt code = CodeParser.parse(input.getChallengeResponse(), totp.digits());
        if (code.isEmpty()) {
            return false;
        }
        long now = Time.currentTimeMillis();
        long current = totp.step(Instant.ofEpochMilli(now));
        byte[] seed;
        try {
            seed = seed(realm, user, device);
        } catch (SeedUnavailableException e) {
            LOG.errorf("totp-guard: cannot verify device %s of user %s: %s", device.getId(), user.getId(), e.getMessage());
            return false;
        }
        OptionalLong step = new TotpVerifier(totp, DEFAULT_WINDOW).verify(seed, code.getAsInt(), current + device.data().drift());
        if (step.isEmpty() || !claimStep(device, step.getAsLong(), DEFAULT_WINDOW + Math.abs(device.data().drift()))) {
            return false;
        }
        store(user, device.with(device.data().accepted(step.getAsLong(), (int) (step.getAsLong() - current), now)));
        return true;
    }

    /** The user's devices, oldest first. */
    public Stream<TotpGuardCredentialModel> devices(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(getType())
                .map(TotpGuardCredentialModel::fromModel);
    }

    /** One of the user's devices by id; the first device when {@code credentialId} is blank. */
    public Optional<TotpGuardCredentialModel> device(UserModel user, String credentialId) {
        if (credentialId == null || credentialId.isBlank()) {
            return devices(user).findFirst();
        }
        return devices(user).filter(d -> credentialId.equals(d.getId())).findFirst();
    }

    /**
     * The device, freshly read and locked for the rest of this transaction: concurrent attempts on the same device, on
     * any cluster node, run one after the other, so counters and the last step are read-modify-written atomically.
     * Devices outside Keycloak's own database (none today) are read without a lock.
     */
    public Optional<TotpGuardCredentialModel> lockForAttempt(UserModel user, String credentialId) {
        Optional<TotpGuardCredentialModel> device = device(user, credentialId);
        if (device.isEmpty()) {
            return device;
        }
        JpaConnectionProvider jpa = session.getProvider(JpaConnectionProvider.class);
        if (jpa == null) {
            return device;
        }
        EntityManager em = jpa.getEntityManager();
        CredentialEntity entity = em.find(CredentialEntity.class, device.get().getId());
        if (entity == null) {
            return device;
        }
        em.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
        if (entity.getUser() == null || !user.getId().equals(entity.getUser().getId())
                || !getType().equals(entity.getType())) {
            return Optional.empty();
        }
        CredentialModel fresh = new CredentialModel();
        fresh.setId(entity.getId());
        fresh.setType(entity.getType());
        fresh.setUserLabel(entity.getUserLabel());
        fresh.setCreatedDate(entity.getCreatedDate());
        fresh.setCredentialData(entity.getCredentialData());
        fresh.setSecretData(entity.getSecretData());
        return Optional.of(TotpGuardCredentialModel.fromModel(fresh));
    }

    /**
     * Claims {@code step} for the device: true once, for a step later than every step claimed before. Cluster-wide
     * through Keycloak's single-use store: the step is claimed with {@code putIfAbsent}, earlier steps of the window are
     * marked used, and a later step already claimed by a concurrent request wins. The persisted last step (see
     * {@link TotpGuardCredentialModel.Data#lastStep()}) keeps the rule after the store has forgotten.
     *
     * @param reach how many steps around the claimed one a code may still be accepted from (window plus drift)
     */
    public boolean claimStep(TotpGuardCredentialModel device, long step, int reach) {
        if (step <= device.lastStep()) {
            return false;
        }
        // long enough to outlive every window that contains this step
        long lifespanSeconds = (long) device.data().period() * (2L * reach + 2);
        if (!session.singleUseObjects().putIfAbsent(usedKey(device, step), lifespanSeconds)) {
            return false;
        }
        for (long later = step + 1; later <= step + 2L * reach; later++) {
            if (session.singleUseObjects().contains(usedKey(device, later))) {
                return false;
            }
        }
        for (long earlier = Math.max(step - 2L * reach, device.lastStep() + 1); earlier < step; earlier++) {
            session.singleUseObjects().putIfAbsent(usedKey(device, earlier), lifespanSeconds);
        }
        return true;
    }

    /** Stores the device's new public data. */
    public void store(UserModel user, TotpGuardCredentialModel device) {
        user.credentialManager().updateStoredCredential(device);
    }

    private static String usedKey(TotpGuardCredentialModel device, long step) {
        return USED_STEP_KEY + device.getId() + ":" + step;
    }
}
