package dev.totpguard.credential;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;
import org.hibernate.event.spi.EventType;
import org.jboss.logging.Logger;

/**
 * How a transaction that writes device state commits: the way Keycloak commits its own records of the same kind.
 * <p>
 * From 26.7 on PostgreSQL, Keycloak lets a transaction commit without waiting for the database's flush to disk
 * ({@code SET LOCAL synchronous_commit TO OFF}) when every entity it writes allows it: its single-use records (the
 * built-in OTP form's replay record among them), login failures of brute-force detection, user and client sessions,
 * events. It decides that at commit, in a Hibernate listener of its own, and it notes a write that needs the flush in
 * the session property {@value #SYNC_REQUIRED}. A device's state row is a record of that kind (a step taken, a failure
 * counted) and is written in bulk statements no entity listener sees, so a transaction that writes one takes part in the
 * same decision here: at commit, unless Keycloak noted a write that needs the flush (a credential, a user, a required
 * action), it commits without waiting, exactly as Keycloak would have committed it without our write. The claim of a
 * step sends {@value #WITHOUT_FLUSH} with its statement, in the same round trip, and the commit sends
 * {@value #WITH_FLUSH} should a write that needs the flush have followed; other writes leave it to the commit.
 * <p>
 * What that keeps and what it trades: other transactions and other nodes see the committed state at once (visibility
 * and row locks are unchanged, so accept-once, monotonic steps and the exact failure limit hold as before); only a
 * crash of the database itself can lose the last fraction of a second of commits (at most three times
 * {@code wal_writer_delay}, 600 ms by default). A step accepted in that fraction stays refused on every Keycloak node
 * that keeps running (the single-use record of the step, as for the built-in form, whose only record it is), and
 * Keycloak persists the session of the sign-in it granted after it, the same way. With
 * {@code --spi-credential--totp-guard--synchronous-commit=true} every such transaction waits for the flush instead.
 * <p>
 * Where Keycloak does not commit asynchronously (other databases, Aurora with logical replication, Keycloak before 26.7,
 * none of whose listeners is registered), nothing changes.
 */
final class CommitMode {

    /** Keycloak's listener that decides asynchronous commits (26.7 and later); looked up by name only. */
    static final String KEYCLOAK_LISTENER = "org.keycloak.connections.jpa.AsyncCommitIntegrator";
    /** Keycloak's session property: a write in this transaction needs the flush. */
    static final String SYNC_REQUIRED = "kc.sync_commit_required";
    /** What Keycloak sends before a commit that need not wait for the flush. */
    static final String WITHOUT_FLUSH = "SET LOCAL synchronous_commit TO OFF";
    /** Back to the server's own setting (whatever the operator configured, a synchronous standby included). */
    static final String WITH_FLUSH = "SET LOCAL synchronous_commit TO DEFAULT";
    private static final String REGISTERED = "totp-guard.commit-mode.registered";
    private static final String OFF_SENT = "totp-guard.commit-mode.off-sent";
    private static final Logger LOG = Logger.getLogger(CommitMode.class);

    private CommitMode() {
    }

    /**
     * Whether Keycloak commits asynchronously on this database: its listener is registered with Hibernate (it registers
     * it on PostgreSQL only, and not on Aurora with logical replication). False, never an error, where the question
     * cannot be asked (Keycloak or Hibernate versions without it).
     */
    static boolean keycloakCommitsAsynchronously(EntityManagerFactory factory) {
        try {
            SessionFactoryImplementor hibernate = factory.unwrap(SessionFactoryImplementor.class);
            for (Object listener : hibernate.getEventEngine().getListenerRegistry()
                    .getEventListenerGroup(EventType.PRE_UPDATE).listeners()) {
                if (KEYCLOAK_LISTENER.equals(listener.getClass().getName())) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("totp-guard: cannot tell whether Keycloak commits asynchronously (%s); device state waits for the flush",
                    e.getClass().getName());
            return false;
        }
    }

    /**
     * This transaction wrote device state: at commit it goes without waiting for the flush unless Keycloak noted a write
     * that needs it. {@code offSent}: {@value #WITHOUT_FLUSH} went with the write already (a claim); the commit then
     * restores the default ({@value #WITH_FLUSH}) where a write needs the flush, and sends nothing otherwise. Once per
     * transaction; call only where {@link #keycloakCommitsAsynchronously} holds.
     *
     * @return false when the commit cannot take part (it then waits for the flush): send {@value #WITHOUT_FLUSH} only
     * after true
     */
    static boolean followKeycloak(EntityManager em, boolean offSent) {
        if (Boolean.TRUE.equals(em.getProperties().get(REGISTERED))) {
            if (offSent) {
                em.setProperty(OFF_SENT, Boolean.TRUE);
            }
            return true;
        }
        try {
            SharedSessionContractImplementor hibernate = em.unwrap(SharedSessionContractImplementor.class);
            // committed or rolled back: the next transaction of this entity manager starts afresh
            hibernate.getTransactionCompletionCallbacks().registerCallback(
                    (TransactionCompletionCallbacks.AfterCompletionCallback) (success, session) -> {
                        em.setProperty(REGISTERED, Boolean.FALSE);
                        em.setProperty(OFF_SENT, Boolean.FALSE);
                    });
            hibernate.getTransactionCompletionCallbacks().registerCallback(
                    (TransactionCompletionCallbacks.BeforeCompletionCallback) session -> {
                        boolean required = Boolean.TRUE.equals(em.getProperties().get(SYNC_REQUIRED));
                        boolean off = Boolean.TRUE.equals(em.getProperties().get(OFF_SENT));
                        if (required == off) {
                            // a write needs the flush but the claim turned it off, or none does and it is still on
                            String set = required ? WITH_FLUSH : WITHOUT_FLUSH;
                            session.doWork(connection -> {
                                try (var statement = connection.createStatement()) {
                                    statement.execute(set);
                                }
                            });
                        }
                    });
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("totp-guard: cannot join Keycloak's commit decision (%s); this transaction waits for the flush",
                    e.getClass().getName());
            return false;
        }
        em.setProperty(REGISTERED, Boolean.TRUE);
        if (offSent) {
            em.setProperty(OFF_SENT, Boolean.TRUE);
        }
        return true;
    }
}
