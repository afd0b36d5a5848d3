package dev.totpguard.credential;

import java.util.List;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Every realm-wide read of device rows and their state rows, for reports and for finding what to act on: counts, the
 * devices of a realm with their state, the users with devices. The statements of one user's devices, and the rules
 * they keep, are {@link DeviceRows}; these reads keep three rules of their own:
 * <ul>
 *   <li><b>No lock, no write</b>: each is a snapshot of the database at its moment, past Keycloak's user cache (no user
 *       and no credential is loaded through it, so there is nothing to evict).</li>
 *   <li><b>Nothing is decided from them</b>: whoever acts on a row found here (an unlock, a re-encryption, an export)
 *       reads the user's devices again under {@link DeviceRows}' locks first.</li>
 *   <li><b>No seed leaves</b>: a sealed secret is looked at for its key id or whether it is sealed, never decrypted;
 *       rows come out as the small records below, never as Keycloak's storage entities.</li>
 * </ul>
 * A device without a state row yet (stored by a version before 0.2.0) shows the state of its credential data.
 */
public final class DeviceReports {

    private static final String TYPE = TotpGuardCredentialModel.TYPE;
    /** The state columns of a {@code select} that left-joins {@code DeviceStateEntity s}, read by {@link #data}. */
    private static final String STATE_COLUMNS = "s.lastStep, s.drift, s.failures, s.waitUntil, s.lastUsed";
    /** The realm's devices with their users and, where there is one, their state rows. */
    private static final String REALM_DEVICES = " from CredentialEntity c join c.user u"
            + " left join DeviceStateEntity s on s.credentialId = c.id where c.type = :type and u.realmId = :realmId";

    private final EntityManager em;

    private DeviceReports(EntityManager em) {
        this.em = em;
    }

    /** The reads, on this session's transaction. */
    public static DeviceReports of(KeycloakSession session) {
        return new DeviceReports(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    /** The realm's devices, and the users who have one. */
    public record Counts(long devices, long users) {
    }

    /**
     * One device of a realm: its public data with its state ({@code null} when unreadable) and whether its seed is
     * sealed, and its user.
     */
    public record RealmDevice(String id, String label, Long created, TotpGuardCredentialModel.Data data, boolean sealed,
                         String userId, String username) {
    }

    /** The state of one device of a realm ({@code data} {@code null} when unreadable), and its user. */
    public record UserDevice(String userId, TotpGuardCredentialModel.Data data) {
    }

    /** A device of a realm by id, and its user. */
    public record Ref(String id, String userId) {
    }

    /** One query. */
    public Counts counts(String realmId) {
        Object[] counts = em.createQuery("select count(c), count(distinct u.id) from CredentialEntity c join c.user u"
                        + " where c.type = :type and u.realmId = :realmId", Object[].class)
                .setParameter("type", TYPE).setParameter("realmId", realmId)
                .getSingleResult();
        return new Counts(((Number) counts[0]).longValue(), ((Number) counts[1]).longValue());
    }

    /**
     * Every device of the realm with its user, streamed read-only from one query (no user loaded, the seed only looked
     * at for whether it is sealed). The caller closes the stream.
     */
    public Stream<RealmDevice> devicesOf(String realmId) {
        return em.createQuery("select c.id, c.userLabel, c.createdDate, c.credentialData, u.id,"
                        + " u.username, c.secretData, " + STATE_COLUMNS + REALM_DEVICES, Object[].class)
                .setParameter("type", TYPE).setParameter("realmId", realmId)
                .setHint("org.hibernate.readOnly", true)
                .setHint("org.hibernate.fetchSize", 500)
                .getResultStream()
                .map(row -> new RealmDevice((String) row[0], (String) row[1], (Long) row[2], data(row, 3, 7),
                        TotpGuardCredentialModel.sealed((String) row[6]), (String) row[4], (String) row[5]));
    }

    /**
     * The state of every device of the realm, with its user id, streamed read-only from one query (no user loaded, no
     * seed read). The caller closes the stream.
     */
    public Stream<UserDevice> statesOf(String realmId) {
        return em.createQuery("select u.id, c.credentialData, " + STATE_COLUMNS + REALM_DEVICES, Object[].class)
                .setParameter("type", TYPE).setParameter("realmId", realmId)
                .setHint("org.hibernate.readOnly", true)
                .getResultStream()
                .map(row -> new UserDevice((String) row[0], data(row, 1, 2)));
    }

    /** The ids of the realm's users with a device, in id order. */
    public List<String> usersWithDevices(String realmId) {
        return em.createQuery("select distinct c.user.id from CredentialEntity c where c.type = :type"
                        + " and c.user.realmId = :realm order by c.user.id", String.class)
                .setParameter("type", TYPE).setParameter("realm", realmId)
                .getResultList();
    }

    /** Every device of the realm by id, with its user. */
    public List<Ref> refsOf(String realmId) {
        return em.createQuery("select c.id, c.user.id from CredentialEntity c "
                        + "where c.type = :type and c.user.realmId = :realm", Object[].class)
                .setParameter("type", TYPE).setParameter("realm", realmId).getResultList().stream()
                .map(row -> new Ref((String) row[0], (String) row[1]))
                .toList();
    }

    /** The stored secret ({@code secretData}) of every device of the realm: for key ids, never decrypted. */
    public List<String> secretsOf(String realmId) {
        return em.createQuery("select c.secretData from CredentialEntity c "
                        + "where c.type = :type and c.user.realmId = :realm", String.class)
                .setParameter("type", TYPE).setParameter("realm", realmId).getResultList();
    }

    /**
     * The realm's users who postponed enrollment (a credential of {@code postponedType}, or, as version 0.1 kept it, the
     * user attribute {@code legacyAttribute} and no such credential) and have no device: two counting queries.
     */
    public long usersPostponedWithoutDevice(String realmId, String postponedType, String legacyAttribute) {
        long counted = em.createQuery("select count(distinct p.user.id) from CredentialEntity p"
                        + " where p.type = :postponed and p.user.realmId = :realmId and not exists"
                        + " (select c.id from CredentialEntity c where c.user = p.user and c.type = :type)", Long.class)
                .setParameter("postponed", postponedType).setParameter("realmId", realmId).setParameter("type", TYPE)
                .getSingleResult();
        long legacy = em.createQuery("select count(distinct a.user.id) from UserAttributeEntity a"
                        + " where a.name = :name and a.user.realmId = :realmId and not exists"
                        + " (select c.id from CredentialEntity c where c.user = a.user and (c.type = :type or c.type = :postponed))",
                        Long.class)
                .setParameter("name", legacyAttribute).setParameter("realmId", realmId).setParameter("type", TYPE)
                .setParameter("postponed", postponedType)
                .getSingleResult();
        return counted + legacy;
    }

    /**
     * The device's data from {@code row[credentialData]} (its parameters; {@code null} when unreadable) with the state
     * read by {@link #STATE_COLUMNS} from {@code row[state]} on; the credential data's own state when the device has no
     * state row yet.
     */
    private static TotpGuardCredentialModel.Data data(Object[] row, int credentialData, int state) {
        TotpGuardCredentialModel.Data parameters = TotpGuardCredentialModel.readData((String) row[credentialData]);
        if (parameters == null || row[state] == null) {
            return parameters;
        }
        return parameters.withState((Long) row[state], (Integer) row[state + 1], (Integer) row[state + 2],
                (Long) row[state + 3], (Long) row[state + 4]);
    }
}
