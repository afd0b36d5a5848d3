package dev.totpguard.remember;

import dev.totpguard.spi.NoLifecycle;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Registers {@link RevokeRememberedBrowsers} as a global listener: Keycloak calls it for the user and admin events of
 * every realm, whatever the realm's event listener list says, so no realm can forget to turn it on.
 */
public final class RevokeRememberedBrowsersFactory implements EventListenerProviderFactory, NoLifecycle<EventListenerProvider> {

    public static final String PROVIDER_ID = "totp-guard-remembered-browsers";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new RevokeRememberedBrowsers(session);
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
