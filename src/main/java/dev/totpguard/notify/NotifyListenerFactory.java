package dev.totpguard.notify;

import dev.totpguard.spi.NoLifecycle;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Event listener {@value #PROVIDER_ID}: global, so it hears every realm's user and admin events without being added to
 * a realm's event listeners; each realm turns kinds of mail off with {@link NotifySettings realm attributes}.
 */
public final class NotifyListenerFactory implements EventListenerProviderFactory, NoLifecycle<EventListenerProvider> {

    public static final String PROVIDER_ID = "totp-guard-notify";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new NotifyListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
