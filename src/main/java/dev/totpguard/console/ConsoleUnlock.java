package dev.totpguard.console;

import java.util.List;
import java.util.Set;

import dev.totpguard.admin.Unlock;
import dev.totpguard.audit.AdminAudit;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * A global event listener (every realm, no realm setting needed) that makes Keycloak's own Unlock buttons end our wait
 * and lockout too ({@link ConsoleUnlockTriggers}), through the same code path as {@code POST …/totp-guard/users/{id}/unlock}
 * ({@link Unlock}), in the transaction of the admin's request: the unlock and Keycloak's commit or roll back together.
 * Each user whose devices were waiting, locked or counting failures gets our admin event ACTION
 * {@code users/{id}/totp-guard/unlock}, with the admin, client and IP address of Keycloak's own event.
 */
final class ConsoleUnlock implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(ConsoleUnlock.class);

    private final KeycloakSession session;

    ConsoleUnlock(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getOperationType() == null) {
            return;
        }
        ConsoleUnlockTriggers.of(event.getResourceTypeAsString(), event.getOperationType().name(), event.getResourcePath(),
                event.getError() != null).ifPresent(target -> unlock(event, target));
    }

    private void unlock(AdminEvent cause, ConsoleUnlockTriggers.Target target) {
        RealmModel realm = session.realms().getRealm(cause.getRealmId());
        if (realm == null) {
            return;
        }
        if (!session.getTransactionManager().isActive()) {
            // Keycloak sends its admin events inside the request; anything else is not a button of the console
            LOG.warnf("totp-guard: Keycloak's unlock %s in realm %s came outside a transaction; use POST "
                    + "…/totp-guard/users/{id}/unlock", cause.getResourcePath(), realm.getName());
            return;
        }
        Set<String> userIds = target instanceof ConsoleUnlockTriggers.OneUser one ? Set.of(one.userId())
                : Unlock.usersToUnlock(session, realm);
        AdminEventBuilder audit = null;
        boolean lookedUp = false;
        for (String userId : userIds) {
            UserModel user = session.users().getUserById(realm, userId);
            if (user == null) {
                continue;
            }
            List<AdminAudit.DeviceRef> unlocked = Unlock.devices(session, user);
            if (unlocked.isEmpty()) {
                continue;
            }
            if (!lookedUp) {
                audit = builder(realm, cause);
                lookedUp = true;
            }
            if (audit != null) {
                // Keycloak's Unlock has just removed its own brute-force record of the user (every user's, realm-wide)
                Unlock.audit(audit.clone(session), user.getId(), unlocked, true);
            }
        }
    }

    /**
     * A builder for our admin event, for the admin and client of Keycloak's own event (and, as Keycloak's, the IP
     * address of the request); {@code null}, logged, when they cannot be found.
     */
    private AdminEventBuilder builder(RealmModel realm, AdminEvent cause) {
        AuthDetails auth = cause.getAuthDetails();
        RealmModel authRealm = auth == null ? null : session.realms().getRealm(auth.getRealmId());
        ClientModel client = authRealm == null ? null : authRealm.getClientById(auth.getClientId());
        UserModel admin = authRealm == null ? null : session.users().getUserById(authRealm, auth.getUserId());
        if (client == null || admin == null) {
            LOG.warnf("totp-guard: Keycloak's unlock %s in realm %s: its caller was not found; devices unlocked "
                    + "without an admin event of ours", cause.getResourcePath(), realm.getName());
            return null;
        }
        return new AdminEventBuilder(realm, new AdminAuth(authRealm, null, admin, client), session,
                session.getContext().getConnection());
    }

    @Override
    public void close() {
    }
}
