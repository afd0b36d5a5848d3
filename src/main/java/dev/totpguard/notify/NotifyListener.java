package dev.totpguard.notify;

import java.util.Set;

import dev.totpguard.guard.RealmPolicies;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerTransaction;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Mails the user about changes to their devices, lockouts and recovery-code sign-ins. As Keycloak's own {@code email}
 * listener does, only after the request's transaction committed (nothing for a change that was rolled back), in a
 * session of its own.
 */
final class NotifyListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(NotifyListener.class);

    private final KeycloakSession session;
    private final EventListenerTransaction tx = new EventListenerTransaction(
            (adminEvent, includeRepresentation) -> Notices.of(adminEvent).ifPresent(this::sendLater),
            event -> Notices.of(event, () -> failureLimits(event.getRealmId())).ifPresent(this::sendLater));

    NotifyListener(KeycloakSession session) {
        this.session = session;
        session.getTransactionManager().enlistAfterCompletion(tx);
    }

    @Override
    public void onEvent(Event event) {
        tx.addEvent(event);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        tx.addAdminEvent(event, includeRepresentation);
    }

    /** Never lets a mail problem reach the request that caused the event (it has committed already). */
    private void sendLater(Notice notice) {
        HttpRequest request = session.getContext().getHttpRequest();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        try {
            KeycloakModelUtils.runJobInTransaction(factory, mailSession -> {
                mailSession.getContext().setHttpRequest(request);
                NoticeMail.send(mailSession, notice);
            });
        } catch (RuntimeException e) {
            LOG.warnf("totp-guard: %s mail to user %s not sent: %s", notice.kind(), notice.userId(), e.toString());
        }
    }

    /**
     * The realm's "failures before delay": every attempt counts against the realm's strictest throttle
     * ({@link RealmPolicies#throttle}), so a streak's first wait starts there. Read in a transaction of its own.
     */
    private Set<Integer> failureLimits(String realmId) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
                RealmModel realm = s.realms().getRealm(realmId);
                return realm == null ? Set.<Integer>of()
                        : Set.of(RealmPolicies.throttle(realm).failureLimit());
            });
        } catch (RuntimeException e) {
            // unknown limits: the mail goes (a mail too many rather than a warning too few)
            LOG.warnf("totp-guard: failure limits of realm %s not read: %s", realmId, e.toString());
            return Set.of();
        }
    }

    @Override
    public void close() {
    }
}
