package dev.totpguard.spi;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A Keycloak provider factory that holds no state of its own: nothing to read at start, nothing to do once all
 * factories are up, nothing to release. Written once here instead of three empty methods in every factory; a factory
 * that does have something to do overrides the method.
 *
 * @param <T> the provider type of the factory's SPI, exactly as its Keycloak factory interface names it
 */
public interface NoLifecycle<T extends Provider> extends ProviderFactory<T> {

    @Override
    default void init(Config.Scope config) {
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    default void close() {
    }
}
