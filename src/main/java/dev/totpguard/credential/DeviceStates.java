package dev.totpguard.credential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import org.jboss.logging.Logger;

/**
 * Every statement on the devices' moving state ({@link DeviceStateEntity}, table {@code TOTP_GUARD_DEVICE_STATE}), and
 * the rules that keep it right, written once, here:
 * <ul>
 *   <li><b>One statement per accepted code</b> ({@link #claim}): a conditional {@code UPDATE} of the device's row that
 *       takes the step only if it is later than the last accepted one, the user counts no failure and the stored drift
 *       puts the step in the window. The database's row lock and its re-check of the condition on the newest row make
 *       it atomic across nodes: of two requests with the same step, one updates the row, the other none.</li>
 *   <li><b>The user's count on every device row.</b> A failure writes the user's new count and wait to all the user's
 *       rows ({@link #throttled}) under their locks ({@link #lock}), so a claim on any device waits for it and then sees
 *       it: parallel guesses on several devices or nodes cannot pass the limit.</li>
 *   <li><b>Nothing here is cached.</b> Keycloak's user cache holds the credentials (parameters, sealed seed, label),
 *       never this table, so an accepted code touches no cache, and Keycloak's own writes of a credential (a label
 *       renamed in the Account Console or the admin console) cannot write an older state back.</li>
 *   <li><b>No entity is loaded</b>: scalar reads and bulk statements only, so nothing stale stays in a persistence
 *       context; a row goes with its credential (foreign key {@code ON DELETE CASCADE}).</li>
 * </ul>
 * JPQL only: Hibernate writes it for every database Keycloak supports.
 */
public final class DeviceStates {

    private static final Logger LOG = Logger.getLogger(DeviceStates.class);

    private final EntityManager em;

    public DeviceStates(EntityManager em) {
        this.em = em;
    }

    /**
     * An accepted code, in one statement: the device's row takes {@code step} (and the learned drift and the time) only
     * if the step is later than its last accepted one, the user counts no failure and the stored drift lies in
     * {@code driftFrom … driftTo} (what puts the step in the window).
     *
     * @return whether the row took the step; false also when the device has no row (yet) or is gone
     */
    public boolean claim(String credentialId, long step, int newDrift, int driftFrom, int driftTo, long nowMillis) {
        return em.createQuery("update DeviceStateEntity s set s.lastStep = :step, s.drift = :drift, s.lastUsed = :now"
                        + " where s.credentialId = :id and s.lastStep < :step and s.failures = 0"
                        + " and s.drift between :driftFrom and :driftTo")
                .setParameter("step", step).setParameter("drift", newDrift).setParameter("now", nowMillis)
                .setParameter("id", credentialId).setParameter("driftFrom", driftFrom).setParameter("driftTo", driftTo)
                .executeUpdate() == 1;
    }

    /**
     * The user's rows, locked until the transaction ends ({@code SELECT … FOR UPDATE}, in id order, so two lockers never
     * wait for each other crosswise), by credential id.
     */
    public Map<String, TotpGuardCredentialModel.Data> lock(String userId) {
        return read(userId, true);
    }

    /** The user's rows as the database holds them now, without a lock (what the admin API shows). */
    public Map<String, TotpGuardCredentialModel.Data> current(String userId) {
        return read(userId, false);
    }

    private Map<String, TotpGuardCredentialModel.Data> read(String userId, boolean lock) {
        TypedQuery<Object[]> query = em.createQuery("select s.credentialId, s.lastStep, s.drift, s.failures,"
                        + " s.blockedUntil, s.lastUsed from DeviceStateEntity s where s.userId = :userId"
                        + " order by s.credentialId", Object[].class)
                .setParameter("userId", userId);
        if (lock) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        Map<String, TotpGuardCredentialModel.Data> rows = new HashMap<>();
        for (Object[] r : query.getResultList()) {
            rows.put((String) r[0], state((Long) r[1], (Integer) r[2], (Integer) r[3], (Long) r[4], (Long) r[5]));
        }
        return rows;
    }

    /**
     * {@code devices} with the state of their rows. With {@code lock}, the rows are locked, and a device without a row
     * (data of a version before {@value TotpGuardCredentialModel#FORMAT}) gets one: its state moves out of its
     * credential data, with the user's failure count and wait as the highest of all the user's devices. The caller
     * holds the devices' credential rows locked ({@link Devices#lockForAttempt}, {@link Devices#lockAll}), so two requests never create the same row. Without {@code lock}, such
     * a device shows the state of its credential data.
     */
    public List<TotpGuardCredentialModel> merge(String userId, List<TotpGuardCredentialModel> devices, boolean lock) {
        Map<String, TotpGuardCredentialModel.Data> rows = lock ? lock(userId) : current(userId);
        List<TotpGuardCredentialModel> merged = new ArrayList<>(devices.size());
        List<TotpGuardCredentialModel> moving = new ArrayList<>();
        for (TotpGuardCredentialModel device : devices) {
            TotpGuardCredentialModel.Data row = rows.get(device.getId());
            if (row != null) {
                merged.add(device.withState(device.data().withState(row.lastStep(), row.drift(), row.failures(),
                        row.blockedUntil(), row.lastUsed())));
            } else {
                merged.add(device);
                moving.add(device);
            }
        }
        if (!lock || moving.isEmpty()) {
            return merged;
        }
        int failures = merged.stream().mapToInt(d -> d.data().failures()).max().orElse(0);
        long blockedUntil = merged.stream().mapToLong(d -> d.data().blockedUntil()).max().orElse(0L);
        List<TotpGuardCredentialModel> result = new ArrayList<>(merged.size());
        for (TotpGuardCredentialModel device : merged) {
            if (moving.contains(device)) {
                TotpGuardCredentialModel.Data data = device.data();
                TotpGuardCredentialModel.Data state = data.withState(data.lastStep(), data.drift(), failures,
                        blockedUntil, data.lastUsed());
                insert(device.getId(), userId, state);
                LOG.debugf("totp-guard: device %s of user %s: state moved into its own row", device.getId(), userId);
                result.add(device.withState(state));
            } else {
                result.add(device);
            }
        }
        return result;
    }

    /**
     * A new row: a new device (its enrollment step, the user's count and wait, as the user's other rows locked by the
     * caller have it) or a device of an older version whose state moves out of its credential data.
     */
    public void insert(String credentialId, String userId, TotpGuardCredentialModel.Data state) {
        // the credential row must be in the database first (foreign key)
        em.flush();
        DeviceStateEntity row = new DeviceStateEntity(credentialId, userId, state);
        em.persist(row);
        em.flush();
        em.detach(row);
    }

    /**
     * An accepted code decided under {@link #lock}: the device's step, drift and use, and, when some row counted, the
     * user's count cleared on every row — one statement either way.
     */
    public void accepted(String userId, String credentialId, long step, int drift, long nowMillis, boolean counting) {
        if (!counting) {
            em.createQuery("update DeviceStateEntity s set s.lastStep = :step, s.drift = :drift, s.lastUsed = :now"
                            + " where s.credentialId = :id")
                    .setParameter("step", step).setParameter("drift", drift).setParameter("now", nowMillis)
                    .setParameter("id", credentialId)
                    .executeUpdate();
            return;
        }
        em.createQuery("update DeviceStateEntity s set s.failures = 0, s.blockedUntil = 0,"
                        + " s.lastStep = case when s.credentialId = :id then :step else s.lastStep end,"
                        + " s.drift = case when s.credentialId = :id then :drift else s.drift end,"
                        + " s.lastUsed = case when s.credentialId = :id then :now else s.lastUsed end"
                        + " where s.userId = :userId")
                .setParameter("step", step).setParameter("drift", drift).setParameter("now", nowMillis)
                .setParameter("id", credentialId).setParameter("userId", userId)
                .executeUpdate();
    }

    /** The user's failure count and wait, on every row of the user (one statement; the caller holds {@link #lock}). */
    public void throttled(String userId, int failures, long blockedUntil) {
        em.createQuery("update DeviceStateEntity s set s.failures = :failures, s.blockedUntil = :blockedUntil"
                        + " where s.userId = :userId")
                .setParameter("failures", failures).setParameter("blockedUntil", blockedUntil)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    /**
     * The state columns of a {@code select} that left-joins {@code DeviceStateEntity s} (for reports over many users):
     * append to the select list, read with {@link #stateAt}.
     */
    public static final String STATE_COLUMNS = "s.lastStep, s.drift, s.failures, s.blockedUntil, s.lastUsed";

    /**
     * The state read by {@link #STATE_COLUMNS} from {@code row[from]} on merged into {@code parameters} (a device's
     * credential data); the credential data's own state when the device has no row yet (data of an older version).
     */
    public static TotpGuardCredentialModel.Data stateAt(Object[] row, int from, TotpGuardCredentialModel.Data parameters) {
        if (parameters == null || row[from] == null) {
            return parameters;
        }
        return parameters.withState((Long) row[from], (Integer) row[from + 1], (Integer) row[from + 2],
                (Long) row[from + 3], (Long) row[from + 4]);
    }

    private static TotpGuardCredentialModel.Data state(long lastStep, int drift, int failures, long blockedUntil,
                                                       long lastUsed) {
        return new TotpGuardCredentialModel.Data(null, 0, 0, lastStep, drift, failures, blockedUntil, lastUsed);
    }
}
