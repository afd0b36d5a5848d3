package dev.totpguard.console;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers {@link ConsoleUnlock} as a global listener: Keycloak calls it for the admin events of every realm, whatever
 * the realm's event listener list says, so Keycloak's Unlock buttons end our wait and lockout in every realm.
 */
public final class ConsoleUnlockFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "totp-guard-console-unlock";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ConsoleUnlock(session);
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
