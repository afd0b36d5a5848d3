package dev.totpguard.remember;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers {@link RevokeRememberedBrowsers} as a global listener: Keycloak calls it for the user and admin events of
 * every realm, whatever the realm's event listener list says, so no realm can forget to turn it on.
 */
public final class RevokeRememberedBrowsersFactory implements EventListenerProviderFactory {

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

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
