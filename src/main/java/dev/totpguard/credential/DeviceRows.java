package dev.totpguard.credential;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import org.hibernate.Session;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.CredentialEntity;
import org.keycloak.models.jpa.entities.UserEntity;

/**
 * Every statement on one user's device rows (Keycloak's {@code CREDENTIAL} rows of type {@value TotpGuardCredentialModel#TYPE})
 * and their state rows ({@link DeviceStateEntity}, table {@code TOTP_GUARD_DEVICE_STATE}): the locking reads, the one
 * conditional statement that claims a step, the writes of the state. The realm-wide reads of reports are
 * {@link DeviceReports}; the logic around these statements stays with its callers ({@link Devices},
 * {@link DeviceStates}, {@link KeycloakDeviceStore}). The rules that keep them right, written once, here:
 * <ul>
 *   <li><b>One statement per accepted code</b> ({@link #claim}): a conditional {@code UPDATE} of the device's state row
 *       that takes the step only if it is later than the last accepted one, the user counts no failure and the stored
 *       drift puts the step in the window. The database's row lock and its re-check of the condition on the newest row
 *       make it atomic across nodes: of two requests with the same step, one updates the row, the other none. It needs
 *       no lock taken before it.</li>
 *   <li><b>Lock order: the user's row, then the state rows, then the device rows</b>, each set in id order
 *       ({@code SELECT … FOR UPDATE … ORDER BY id}), held until the transaction ends. The state rows come first because
 *       the claim ({@link #claim}) can leave the device's state row locked even when it takes nothing (PostgreSQL locks
 *       the newest version of a row it waited for before it re-checks the condition), and a sign-in attempt goes on
 *       from there: to all the user's state rows ({@link #lockStates}, {@link KeycloakDeviceStore#lockAll}), and to the
 *       device rows only when those are not the devices the cache knows ({@link Devices#lockForAttempt}). The user's
 *       row ({@link #lockUser}) only where the set of devices itself is decided (a new device: rows alone cannot
 *       serialise two requests of a user who has none yet; {@code grace.Postponements} takes the same row for "Later");
 *       every locker of device rows ({@link Devices#lockAll}: an unlock, a new device, a label, a key rotation) takes
 *       the state rows first. Against the order only Keycloak's own removal of a credential (its row, then its state row
 *       by the foreign key); an attempt waits for device rows only on a device it did not know, so the two meet only
 *       if that happens at the same moment, and the database then fails one of them (deadlock detection), closed.</li>
 *   <li><b>The user's count on every state row.</b> A failure writes the user's new count and wait to all the user's
 *       rows ({@link #throttled}) under their locks ({@link #lockStates}), so a claim on any device waits for it and then
 *       sees it: parallel guesses on several devices or nodes cannot pass the limit.</li>
 *   <li><b>Nothing is decided from a cache.</b> Every statement here goes to the database, past Keycloak's user cache.
 *       Keycloak's user cache holds the credentials (parameters, sealed seed, label), never the state table, so an
 *       accepted code touches no cache, and Keycloak's own writes of a credential (a label renamed in the Account
 *       Console or the admin console) cannot write an older state back. Steps, failures, waits, and the set of
 *       devices when it is decided on (device limit, label, seed) come from rows read here under lock; a device list
 *       from the cache ({@link Devices#of}) only gives parameters and seeds, which never change for a device id.</li>
 *   <li><b>Nothing here writes a row the cache holds</b>, so nothing here evicts: credential rows are only read here;
 *       they are written through Keycloak's credential manager ({@link Devices#store}, {@link Devices#create}), which
 *       invalidates the user cache on every node, on the entities {@link #lockDevices} refreshed (JPA's version
 *       check).</li>
 *   <li><b>A transaction that writes state commits as Keycloak would commit it without that write</b>
 *       ({@link CommitMode}): on PostgreSQL with Keycloak 26.7 or later, without waiting for the flush to disk unless
 *       another write in it needs the flush; visibility and locks are the same either way.</li>
 *   <li><b>No state entity is loaded</b>: scalar reads and bulk statements only (one {@code persist} for a new row,
 *       detached at once), so nothing stale stays in a persistence context; a state row goes with its credential
 *       (foreign key {@code ON DELETE CASCADE}).</li>
 * </ul>
 * JPQL only: Hibernate writes it for every database Keycloak supports.
 */
public final class DeviceRows {

    private final EntityManager em;
    /** Whether a transaction that writes state commits as Keycloak would commit it without that write ({@link CommitMode}). */
    private final boolean followKeycloakCommit;

    private DeviceRows(EntityManager em, boolean followKeycloakCommit) {
        this.em = em;
        this.followKeycloakCommit = followKeycloakCommit;
    }

    /** The statements, on this session's transaction. */
    public static DeviceRows of(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        return new DeviceRows(em, TotpGuardCredentialProviderFactory.of(session).followsKeycloakCommit(em.getEntityManagerFactory()));
    }

    /** A write of state rows: the transaction commits as Keycloak decides for its own records ({@link CommitMode}). */
    private void written(int rows) {
        if (followKeycloakCommit && rows > 0) {
            CommitMode.followKeycloak(em, false);
        }
    }

    /**
     * The user's row, locked until the transaction ends ({@code SELECT … FOR UPDATE}); nothing when the user is not
     * stored in Keycloak's database (their devices are not stored there either).
     */
    void lockUser(String userId) {
        em.find(UserEntity.class, userId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * The user's device rows, each locked with {@code SELECT … FOR UPDATE} in id order and refreshed, as managed
     * entities (the caller stores through Keycloak's credential manager), in the user's order of preference. A device
     * removed meanwhile is absent.
     */
    List<TotpGuardCredentialModel> lockDevices(String userId) {
        List<String> ids = em.createQuery("select c.id from CredentialEntity c where c.user.id = :userId"
                        + " and c.type = :type order by c.id", String.class)
                .setParameter("userId", userId).setParameter("type", TotpGuardCredentialModel.TYPE)
                .getResultList();
        List<CredentialEntity> rows = new ArrayList<>();
        for (String id : ids) {
            CredentialEntity entity = em.find(CredentialEntity.class, id);
            if (entity == null) {
                continue; // removed meanwhile
            }
            try {
                // SELECT … FOR UPDATE, and the current content of the row whatever this transaction held before (a locking
                // find or query would fail on a row this transaction holds in an older version instead of reading it)
                em.refresh(entity, LockModeType.PESSIMISTIC_WRITE);
            } catch (EntityNotFoundException e) {
                continue; // removed meanwhile
            }
            if (entity != null && entity.getUser() != null && userId.equals(entity.getUser().getId())
                    && TotpGuardCredentialModel.TYPE.equals(entity.getType())) {
                rows.add(entity);
            }
        }
        return rows.stream()
                .sorted(Comparator.comparingInt(CredentialEntity::getPriority)
                        .thenComparing(e -> e.getCreatedDate() == null ? 0L : e.getCreatedDate()))
                .map(e -> model(e.getId(), e.getUserLabel(), e.getCreatedDate(), e.getCredentialData(), e.getSecretData()))
                .toList();
    }

    /**
     * The user's device rows, scalar columns only (no entity joins the persistence context), in the user's order of
     * preference; with {@code lock}, locked until the transaction ends ({@code SELECT … FOR UPDATE … ORDER BY id}).
     */
    List<TotpGuardCredentialModel> readDevices(String userId, boolean lock) {
        TypedQuery<Object[]> query = em.createQuery("select c.id, c.userLabel, c.createdDate, c.credentialData,"
                        + " c.secretData, c.priority from CredentialEntity c where c.user.id = :userId and c.type = :type"
                        + " order by c.id", Object[].class)
                .setParameter("userId", userId).setParameter("type", TotpGuardCredentialModel.TYPE);
        if (lock) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.getResultList().stream()
                .sorted(Comparator.<Object[]>comparingInt(r -> (Integer) r[5])
                        .thenComparingLong(r -> r[2] == null ? 0L : (Long) r[2]))
                .map(r -> model((String) r[0], (String) r[1], (Long) r[2], (String) r[3], (String) r[4]))
                .toList();
    }

    /**
     * An accepted code, in one statement: the device's state row takes {@code step} (and the learned drift and the
     * time) only if the step is later than its last accepted one, the user counts no failure and the stored drift lies
     * in {@code driftFrom … driftTo} (what puts the step in the window).
     *
     * @return whether the row took the step; false also when the device has no row (yet) or is gone
     */
    boolean claim(String credentialId, long step, int newDrift, int driftFrom, int driftTo, long nowMillis) {
        if (followKeycloakCommit && CommitMode.followKeycloak(em, true)) {
            return claimWithoutFlush(credentialId, step, newDrift, driftFrom, driftTo, nowMillis);
        }
        return em.createQuery("update DeviceStateEntity s set s.lastStep = :step, s.drift = :drift, s.lastUsed = :now"
                        + " where s.credentialId = :id and s.lastStep < :step and s.failures = 0"
                        + " and s.drift between :driftFrom and :driftTo")
                .setParameter("step", step).setParameter("drift", newDrift).setParameter("now", nowMillis)
                .setParameter("id", credentialId).setParameter("driftFrom", driftFrom).setParameter("driftTo", driftTo)
                .executeUpdate() == 1;
    }

    /**
     * {@link #claim} where the transaction commits as Keycloak decides ({@link CommitMode}, PostgreSQL): the same
     * statement, and {@value CommitMode#WITHOUT_FLUSH} sent with it in the same round trip (the driver sends both at
     * once), so the common case still costs one trip to the database. Should a write that needs the flush follow in
     * the transaction, the commit restores it ({@link CommitMode#followKeycloak}, called before).
     */
    private boolean claimWithoutFlush(String credentialId, long step, int newDrift, int driftFrom, int driftTo,
                                      long nowMillis) {
        int[] updated = {0};
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("UPDATE TOTP_GUARD_DEVICE_STATE"
                    + " SET LAST_STEP = ?, DRIFT = ?, LAST_USED = ? WHERE CREDENTIAL_ID = ? AND LAST_STEP < ?"
                    + " AND FAILURES = 0 AND DRIFT BETWEEN ? AND ?; " + CommitMode.WITHOUT_FLUSH)) {
                statement.setLong(1, step);
                statement.setInt(2, newDrift);
                statement.setLong(3, nowMillis);
                statement.setString(4, credentialId);
                statement.setLong(5, step);
                statement.setInt(6, driftFrom);
                statement.setInt(7, driftTo);
                statement.execute();
                updated[0] = statement.getUpdateCount();
                while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
                    // the SET's result: read past it
                }
            }
        });
        return updated[0] == 1;
    }

    /** The user's state rows, locked until the transaction ends (in id order), by credential id. */
    Map<String, TotpGuardCredentialModel.Data> lockStates(String userId) {
        return states(userId, true);
    }

    /** The user's state rows as the database holds them now, without a lock (what the admin API shows). */
    Map<String, TotpGuardCredentialModel.Data> currentStates(String userId) {
        return states(userId, false);
    }

    private Map<String, TotpGuardCredentialModel.Data> states(String userId, boolean lock) {
        TypedQuery<Object[]> query = em.createQuery("select s.credentialId, s.lastStep, s.drift, s.failures,"
                        + " s.waitUntil, s.lastUsed from DeviceStateEntity s where s.userId = :userId"
                        + " order by s.credentialId", Object[].class)
                .setParameter("userId", userId);
        if (lock) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        Map<String, TotpGuardCredentialModel.Data> rows = new HashMap<>();
        for (Object[] r : query.getResultList()) {
            rows.put((String) r[0], new TotpGuardCredentialModel.Data(null, 0, 0, (Long) r[1], (Integer) r[2],
                    (Integer) r[3], (Long) r[4], (Long) r[5]));
        }
        return rows;
    }

    /**
     * A new state row: a new device (its enrollment step, the user's count and wait, as the user's other rows locked by
     * the caller have it) or a device of an older version whose state moves out of its credential data.
     */
    void insertState(String credentialId, String userId, TotpGuardCredentialModel.Data state) {
        // the credential row must be in the database first (foreign key)
        em.flush();
        DeviceStateEntity row = new DeviceStateEntity(credentialId, userId, state);
        em.persist(row);
        em.flush();
        em.detach(row);
    }

    /**
     * An accepted code decided under {@link #lockStates}: the device's step, drift and use, and, when some row counted,
     * the user's count cleared on every row — one statement either way.
     */
    void accepted(String userId, String credentialId, long step, int drift, long nowMillis, boolean counting) {
        if (!counting) {
            written(em.createQuery("update DeviceStateEntity s set s.lastStep = :step, s.drift = :drift, s.lastUsed = :now"
                            + " where s.credentialId = :id")
                    .setParameter("step", step).setParameter("drift", drift).setParameter("now", nowMillis)
                    .setParameter("id", credentialId)
                    .executeUpdate());
            return;
        }
        written(em.createQuery("update DeviceStateEntity s set s.failures = 0, s.waitUntil = 0,"
                        + " s.lastStep = case when s.credentialId = :id then :step else s.lastStep end,"
                        + " s.drift = case when s.credentialId = :id then :drift else s.drift end,"
                        + " s.lastUsed = case when s.credentialId = :id then :now else s.lastUsed end"
                        + " where s.userId = :userId")
                .setParameter("step", step).setParameter("drift", drift).setParameter("now", nowMillis)
                .setParameter("id", credentialId).setParameter("userId", userId)
                .executeUpdate());
    }

    /**
     * The user's failure count and wait, on every state row of the user (one statement; the caller holds
     * {@link #lockStates}, or the device rows through {@link Devices#lockAll}, which locks the state rows too).
     */
    public void throttled(String userId, int failures, long waitUntil) {
        written(em.createQuery("update DeviceStateEntity s set s.failures = :failures, s.waitUntil = :waitUntil"
                        + " where s.userId = :userId")
                .setParameter("failures", failures).setParameter("waitUntil", waitUntil)
                .setParameter("userId", userId)
                .executeUpdate());
    }

    private static TotpGuardCredentialModel model(String id, String userLabel, Long createdDate, String credentialData,
                                                  String secretData) {
        CredentialModel fresh = new CredentialModel();
        fresh.setId(id);
        fresh.setType(TotpGuardCredentialModel.TYPE);
        fresh.setUserLabel(userLabel);
        fresh.setCreatedDate(createdDate);
        fresh.setCredentialData(credentialData);
        fresh.setSecretData(secretData);
        return TotpGuardCredentialModel.fromModel(fresh);
    }
}
