package dev.totpguard.remember;

import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A global event listener (every realm, no realm setting needed) that ends all remembered browsers of a user on a
 * password change, a device removal (every way), a sign-in with a recovery code or a sign-out from everywhere
 * ({@link RevocationTriggers}), in the transaction of the request that caused the event.
 */
final class RevokeRememberedBrowsers implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(RevokeRememberedBrowsers.class);

    private final KeycloakSession session;

    RevokeRememberedBrowsers(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() == null || event.getUserId() == null || event.getError() != null) {
            return;
        }
        String method = null;
        String path = null;
        if (session.getContext() != null && session.getContext().getHttpRequest() != null) {
            method = session.getContext().getHttpRequest().getHttpMethod();
            path = session.getContext().getUri().getRequestUri().getRawPath();
        }
        if (RevocationTriggers.userEvent(event.getType().name(), event.getDetails(), method, path)) {
            revokeAll(event.getRealmId(), event.getUserId(), event.getType().name());
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getError() != null || event.getResourceType() == null || event.getOperationType() == null) {
            return;
        }
        Optional<String> userId = RevocationTriggers.adminEvent(event.getResourceTypeAsString(),
                event.getOperationType().name(), event.getResourcePath(), event.getDetails());
        userId.ifPresent(id -> revokeAll(event.getRealmId(), id, "admin " + event.getResourcePath()));
    }

    private void revokeAll(String realmId, String userId, String why) {
        if (session.getTransactionManager().isActive()) {
            revokeAll(session, realmId, userId, why);
        } else {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> revokeAll(s, realmId, userId, why));
        }
    }

    private static void revokeAll(KeycloakSession session, String realmId, String userId, String why) {
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        int revoked = RememberedBrowsers.revokeAll(user);
        if (revoked > 0) {
            LOG.debugf("totp-guard: %d remembered browser(s) of user %s in realm %s revoked (%s)", revoked, userId,
                    realm.getName(), why);
        }
    }

    @Override
    public void close() {
    }
}
