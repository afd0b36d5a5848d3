package dev.totpguard.enroll;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;

/**
 * Installed means usable: registers one of our required actions ({@value TotpGuardEnrollActionFactory#PROVIDER_ID},
 * the safety net…), enabled, in every realm that does not have it — at start-up for the realms that exist (after
 * Keycloak's migration, each realm in a transaction of its own) and for every realm created later (in the creating
 * transaction), as Keycloak does for its own required actions ({@code DefaultRequiredActions}). A realm that has the
 * action keeps it as the admin left it: turned off stays off.
 */
public final class EnrollActionRegistration {

    private static final Logger LOG = Logger.getLogger(EnrollActionRegistration.class);

    /**
     * One required action to register.
     *
     * @param providerId its id (also its alias)
     * @param name       the name the Admin Console shows
     * @param first      ahead of the realm's other required actions (else after them, as the Admin Console registers)
     */
    public record Action(String providerId, String name, boolean first) {
    }

    /** The enrollment action, after the realm's others. */
    static final Action ENROLL = new Action(TotpGuardEnrollActionFactory.PROVIDER_ID,
            TotpGuardEnrollActionFactory.DISPLAY_TEXT, false);

    private EnrollActionRegistration() {
    }

    /** Listens for new realms and for the end of start-up's migration: the enrollment action. */
    static void listen(KeycloakSessionFactory factory) {
        factory.register(event -> onEvent(event, ENROLL));
    }

    /** Registers {@code action} in a realm created now, or in every realm at the end of start-up's migration. */
    public static void onEvent(ProviderEvent event, Action action) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            registerIfMissing(created.getCreatedRealm(), action);
        } else if (event instanceof PostMigrationEvent migrated) {
            registerInExistingRealms(migrated.getFactory(), action);
        }
    }

    private static void registerInExistingRealms(KeycloakSessionFactory factory, Action action) {
        List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.realms().getRealmsStream().map(RealmModel::getId).toList());
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> registerAtStartUp(session, realmId, action));
            } catch (RuntimeException e) {
                // never fatal for the server: the realm admin can still register it in the Admin Console
                LOG.warnf("totp-guard: could not register required action %s in realm %s (%s); register it under "
                                + "Authentication > Required actions", action.providerId(), realmId,
                        e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Several cluster nodes may start at once, and the table has no unique alias: a realm without the action is locked
     * (its row) before it is looked at again and the action added, so the nodes add it one after the other, and the
     * checks read the database, not a cache. A realm that has it is not locked at all.
     */
    private static void registerAtStartUp(KeycloakSession session, String realmId, Action action) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        if (registered(em, realmId, action)) {
            return;
        }
        if (em.find(RealmEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE) == null) {
            return; // removed meanwhile
        }
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm != null && !registered(em, realmId, action)) {
            register(realm, action);
        }
    }

    private static boolean registered(EntityManager em, String realmId, Action action) {
        return em.createQuery("select count(a) from RequiredActionProviderEntity a where a.realm.id = :realm"
                        + " and (a.alias = :id or a.providerId = :id)", Long.class)
                .setParameter("realm", realmId).setParameter("id", action.providerId())
                .getSingleResult() > 0;
    }

    /** Registers the enrollment action in a realm that does not have it; returns whether it did. */
    static boolean registerIfMissing(RealmModel realm) {
        return registerIfMissing(realm, ENROLL);
    }

    /** Registers {@code action} in a realm that does not have it; returns whether it did. */
    static boolean registerIfMissing(RealmModel realm, Action action) {
        boolean present = realm.getRequiredActionProvidersStream()
                .anyMatch(a -> action.providerId().equals(a.getAlias()) || action.providerId().equals(a.getProviderId()));
        if (present) {
            return false;
        }
        register(realm, action);
        return true;
    }

    private static void register(RealmModel realm, Action action) {
        RequiredActionProviderModel model = new RequiredActionProviderModel();
        model.setAlias(action.providerId());
        model.setProviderId(action.providerId());
        model.setName(action.name());
        model.setEnabled(true);
        model.setDefaultAction(false);
        model.setPriority(priority(realm, action.first()));
        realm.addRequiredActionProvider(model);
        LOG.infof("totp-guard: registered and enabled required action %s in realm %s",
                action.providerId(), realm.getName());
    }

    /** Before the realm's first action, or after its last (as the Admin Console's "register" does). */
    private static int priority(RealmModel realm, boolean first) {
        if (first) {
            int lowest = realm.getRequiredActionProvidersStream().mapToInt(RequiredActionProviderModel::getPriority)
                    .min().orElse(10);
            return (int) Math.max((long) lowest - 10, Integer.MIN_VALUE);
        }
        int last = realm.getRequiredActionProvidersStream().mapToInt(RequiredActionProviderModel::getPriority).max().orElse(0);
        return (int) Math.min((long) last + 10, Integer.MAX_VALUE);
    }
}
