package dev.totpguard.console;

import dev.totpguard.spi.NoLifecycle;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Registers {@link ConsoleUnlock} as a global listener: Keycloak calls it for the admin events of every realm, whatever
 * the realm's event listener list says, so Keycloak's Unlock buttons end our wait and lockout in every realm.
 */
public final class ConsoleUnlockFactory implements EventListenerProviderFactory, NoLifecycle<EventListenerProvider> {

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
}
