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
 * Installed means usable: registers the {@value TotpGuardEnrollActionFactory#PROVIDER_ID} required action, enabled, in
 * every realm that does not have it — at start-up for the realms that exist (after Keycloak's migration, each realm in
 * a transaction of its own) and for every realm created later (in the creating transaction), as Keycloak does for its
 * own required actions ({@code DefaultRequiredActions}). A realm that has the action keeps it as the admin left it:
 * turned off stays off.
 */
final class EnrollActionRegistration {

    private static final Logger LOG = Logger.getLogger(EnrollActionRegistration.class);

    private EnrollActionRegistration() {
    }

    /** Listens for new realms and for the end of start-up's migration. */
    static void listen(KeycloakSessionFactory factory) {
        factory.register(EnrollActionRegistration::onEvent);
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent created) {
            registerIfMissing(created.getCreatedRealm());
        } else if (event instanceof PostMigrationEvent migrated) {
            registerInExistingRealms(migrated.getFactory());
        }
    }

    private static void registerInExistingRealms(KeycloakSessionFactory factory) {
        List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.realms().getRealmsStream().map(RealmModel::getId).toList());
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> registerAtStartUp(session, realmId));
            } catch (RuntimeException e) {
                // never fatal for the server: the realm admin can still register it in the Admin Console
                LOG.warnf("totp-guard: could not register required action %s in realm %s (%s); register it under "
                                + "Authentication > Required actions", TotpGuardEnrollActionFactory.PROVIDER_ID, realmId,
                        e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Several cluster nodes may start at once, and the table has no unique alias: a realm without the action is locked
     * (its row) before it is looked at again and the action added, so the nodes add it one after the other, and the
     * checks read the database, not a cache. A realm that has it is not locked at all.
     */
    private static void registerAtStartUp(KeycloakSession session, String realmId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        if (registered(em, realmId)) {
            return;
        }
        if (em.find(RealmEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE) == null) {
            return; // removed meanwhile
        }
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm != null && !registered(em, realmId)) {
            register(realm);
        }
    }

    private static boolean registered(EntityManager em, String realmId) {
        return em.createQuery("select count(a) from RequiredActionProviderEntity a where a.realm.id = :realm"
                        + " and (a.alias = :id or a.providerId = :id)", Long.class)
                .setParameter("realm", realmId).setParameter("id", TotpGuardEnrollActionFactory.PROVIDER_ID)
                .getSingleResult() > 0;
    }

    /** Registers the action in a realm that does not have it; returns whether it did. */
    static boolean registerIfMissing(RealmModel realm) {
        boolean present = realm.getRequiredActionProvidersStream()
                .anyMatch(a -> TotpGuardEnrollActionFactory.PROVIDER_ID.equals(a.getAlias())
                        || TotpGuardEnrollActionFactory.PROVIDER_ID.equals(a.getProviderId()));
        if (present) {
            return false;
        }
        register(realm);
        return true;
    }

    private static void register(RealmModel realm) {
        RequiredActionProviderModel action = new RequiredActionProviderModel();
        action.setAlias(TotpGuardEnrollActionFactory.PROVIDER_ID);
        action.setProviderId(TotpGuardEnrollActionFactory.PROVIDER_ID);
        action.setName(TotpGuardEnrollActionFactory.DISPLAY_TEXT);
        action.setEnabled(true);
        action.setDefaultAction(false);
        // after the realm's others, as the Admin Console's "register" does
        int last = realm.getRequiredActionProvidersStream().mapToInt(RequiredActionProviderModel::getPriority).max().orElse(0);
        action.setPriority((int) Math.min((long) last + 10, Integer.MAX_VALUE));
        realm.addRequiredActionProvider(action);
        LOG.infof("totp-guard: registered and enabled required action %s in realm %s",
                TotpGuardEnrollActionFactory.PROVIDER_ID, realm.getName());
    }
}
