package dev.totpguard.safetynet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.totpguard.credential.DeviceReports;
import dev.totpguard.posture.Posture;
import dev.totpguard.posture.Verdict;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One warning per realm and way in whose {@link Posture} verdict is {@code not_checked} while the realm has users with
 * a device: at the end of start-up for every realm, and after an admin changed a realm's bindings
 * ({@link PostureWatchListenerFactory}), then only about what became unchecked. Naming the way, its flow, the fix, and
 * whether the safety net covers it. Cheap: one count query per realm, the posture only where devices exist. Ways
 * nobody can use are left out: the first broker login flow of a realm without an enabled identity provider, a disabled
 * identity provider or client, a client's direct grant override with direct access grants off.
 */
final class PostureWarnings {

    private static final Logger LOG = Logger.getLogger(PostureWarnings.class);
    private static final WarnedWays WARNED = new WarnedWays();

    private PostureWarnings() {
    }

    /** Every realm, each in a transaction of its own; never fatal for the server. */
    static void atStartUp(KeycloakSessionFactory factory) {
        List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.realms().getRealmsStream().map(RealmModel::getId).toList());
        for (String realmId : realmIds) {
            check(factory, realmId);
        }
    }

    /** One realm, in a transaction of its own (after an admin's change committed). */
    static void check(KeycloakSessionFactory factory, String realmId) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> check(session, realmId));
        } catch (RuntimeException e) {
            LOG.warnf("totp-guard: could not judge the ways into realm %s (%s); see GET /admin/realms/{realm}/totp-guard/posture",
                    realmId, e.getClass().getSimpleName());
        }
    }

    private static void check(KeycloakSession session, String realmId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null || DeviceReports.of(session).counts(realmId).devices() == 0) {
            WARNED.forget(realmId);
            return;
        }
        session.getContext().setRealm(realm);
        boolean on = realm.getRequiredActionProvidersStream().anyMatch(a -> a.isEnabled()
                && SafetyNetActionFactory.PROVIDER_ID.equals(a.getProviderId()));
        Map<String, String> lines = new LinkedHashMap<>();
        for (Posture.Way way : new Posture(session, realm).ways()) {
            if (way.verdict() == Verdict.Result.NOT_CHECKED && reachable(session, realm, way.way())) {
                String flow = way.flow() == null ? "no flow" : "flow '" + way.flow() + "'";
                lines.put(way.way() + "\n" + way.flow() + "\n" + on, String.format("totp-guard: realm %s has users with a"
                                + " TOTP Guard device, but way %s (%s) asks them for no code: %s. Fix: %s; %s.",
                        realm.getName(), way.way(), flow, way.reason(), Coverage.fix(way.way()),
                        Coverage.coverage(way.way(), on)));
            }
        }
        Set<String> fresh = WARNED.fresh(realmId, lines.keySet());
        lines.forEach((key, line) -> {
            if (fresh.contains(key)) {
                LOG.warn(line);
            }
        });
    }

    private static boolean reachable(KeycloakSession session, RealmModel realm, String way) {
        if (way.equals(Posture.FIRST_BROKER_LOGIN)) {
            return session.identityProviders().getAllStream().anyMatch(IdentityProviderModel::isEnabled);
        }
        if (way.startsWith("idp:")) {
            String alias = way.substring("idp:".length()).split(":", 2)[0];
            IdentityProviderModel idp = session.identityProviders().getByAlias(alias);
            return idp != null && idp.isEnabled();
        }
        if (way.startsWith("client:")) {
            String rest = way.substring("client:".length());
            String clientId = rest.substring(0, rest.lastIndexOf(':'));
            ClientModel client = realm.getClientByClientId(clientId);
            return client != null && client.isEnabled()
                    && (!way.endsWith(":" + Posture.DIRECT_GRANT) || client.isDirectAccessGrantsEnabled());
        }
        return true;
    }
}
