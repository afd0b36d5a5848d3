package dev.totpguard.credential;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.totpguard.otp.Totp;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.CredentialEntity;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A user's devices in Keycloak's credential store: list, find, lock for an attempt, store, create (seed sealed) and
 * import. Never decrypts a seed (that is {@link SeedVault}'s job).
 */
public final class Devices {

    /** Smallest seed: RFC 4226 §4 R6 asks for at least 128 bits. */
    public static final int MIN_SEED_BYTES = 16;

    private final KeycloakSession session;
    private final SeedVault vault;

    Devices(KeycloakSession session, SeedVault vault) {
        this.session = session;
        this.vault = vault;
    }

    /** This session's devices. */
    public static Devices of(KeycloakSession session) {
        return TotpGuardCredentialProvider.of(session).devices();
    }

    /** The user's devices, in the user's order of preference (Keycloak's credential priority; first = default). */
    public Stream<TotpGuardCredentialModel> of(UserModel user) {
        return user.credentialManager().getStoredCredentialsByTypeStream(TotpGuardCredentialModel.TYPE)
                .map(TotpGuardCredentialModel::fromModel);
    }

    /** One of the user's devices by id. */
    public Optional<TotpGuardCredentialModel> find(UserModel user, String credentialId) {
        return credentialId == null ? Optional.empty() : of(user).filter(d -> credentialId.equals(d.getId())).findFirst();
    }

    /**
     * All the user's devices, read fresh from the database with {@code SELECT … FOR UPDATE} (in id order, so two
     * attempts never deadlock), held until the transaction ends: parallel attempts on the same user, on any cluster
     * node, run one after the other. Returned in the user's order of preference. A device removed meanwhile is absent.
     */
    public List<TotpGuardCredentialModel> lockAll(UserModel user) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        // ids only: entities this transaction already holds (e.g. loaded with the user's credentials by an earlier step)
        // may be stale, and a locking entity query would fail on them instead of reading the current row
        List<String> ids = em.createQuery("select c.id from CredentialEntity c where c.user.id = :userId"
                        + " and c.type = :type order by c.id", String.class)
                .setParameter("userId", user.getId()).setParameter("type", TotpGuardCredentialModel.TYPE)
                .getResultList();
        List<CredentialEntity> rows = new ArrayList<>();
        for (String id : ids) {
            CredentialEntity entity = em.find(CredentialEntity.class, id);
            if (entity == null) {
                continue; // removed meanwhile
            }
            try {
                // SELECT … FOR UPDATE, and the current content of the row whatever this transaction held before
                em.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
            } catch (EntityNotFoundException e) {
                continue; // removed meanwhile
            }
            if (entity.getUser() != null && user.getId().equals(entity.getUser().getId())
                    && TotpGuardCredentialModel.TYPE.equals(entity.getType())) {
                rows.add(entity);
            }
        }
        return rows.stream()
                .sorted(Comparator.comparingInt(CredentialEntity::getPriority)
                        .thenComparing(e -> e.getCreatedDate() == null ? 0L : e.getCreatedDate()))
                .map(Devices::model)
                .toList();
    }

    /** Stores a device's new public data (or re-sealed secret). */
    public void store(UserModel user, TotpGuardCredentialModel device) {
        user.credentialManager().updateStoredCredential(device);
    }

    /** Seals the seed under the primary key, bound to realm, user and the new device id, and stores the device. */
    public CredentialModel create(RealmModel realm, UserModel user, TotpGuardCredentialModel device, byte[] seed) {
        device.setId(KeycloakModelUtils.generateId());
        device.setSecretData(vault.seal(realm.getId(), user.getId(), device.getId(), seed));
        if (device.getCreatedDate() == null) {
            device.setCreatedDate(Time.currentTimeMillis());
        }
        return user.credentialManager().createStoredCredential(device);
    }

    /**
     * Provisions a device from an existing seed (hardware token, another system). The codes of the current step and
     * the one before are accepted at once, so the token works right after import.
     *
     * @throws IllegalArgumentException for a seed under 128 bits or a label the user already uses
     */
    public CredentialModel importDevice(RealmModel realm, UserModel user, Totp totp, byte[] seed, String label) {
        if (seed.length < MIN_SEED_BYTES) {
            throw new IllegalArgumentException("seed must be at least 128 bits (RFC 4226), got " + seed.length * 8);
        }
        if (label != null && of(user).anyMatch(d -> label.equalsIgnoreCase(d.getUserLabel()))) {
            throw new IllegalArgumentException("the user already has a device labelled '" + label + "'");
        }
        long now = Time.currentTimeMillis();
        long lastStep = totp.step(Instant.ofEpochMilli(now)) - 2;
        return create(realm, user, TotpGuardCredentialModel.create(totp, label, now, lastStep), seed);
    }

    private static TotpGuardCredentialModel model(CredentialEntity entity) {
        CredentialModel fresh = new CredentialModel();
        fresh.setId(entity.getId());
        fresh.setType(entity.getType());
        fresh.setUserLabel(entity.getUserLabel());
        fresh.setCreatedDate(entity.getCreatedDate());
        fresh.setCredentialData(entity.getCredentialData());
        fresh.setSecretData(entity.getSecretData());
        return TotpGuardCredentialModel.fromModel(fresh);
    }
}
