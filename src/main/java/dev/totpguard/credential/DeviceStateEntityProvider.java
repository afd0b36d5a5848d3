package dev.totpguard.credential;

import java.util.List;

import dev.totpguard.spi.NoLifecycle;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's way for an extension to own a table: the {@link DeviceStateEntity} and the Liquibase changelog that
 * creates it (run by Keycloak at start, tracked in its own table {@code DATABASECHANGELOG_TOTP_GUARD}).
 */
public final class DeviceStateEntityProvider implements JpaEntityProvider {

    public static final String ID = "totp-guard";
    static final String CHANGELOG = "META-INF/totp-guard-changelog.xml";

    @Override
    public List<Class<?>> getEntities() {
        return List.of(DeviceStateEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return CHANGELOG;
    }

    @Override
    public String getFactoryId() {
        return ID;
    }

    @Override
    public void close() {
    }

    /** The factory Keycloak finds through {@code META-INF/services}. */
    public static final class Factory implements JpaEntityProviderFactory, NoLifecycle<JpaEntityProvider> {

        private static final DeviceStateEntityProvider INSTANCE = new DeviceStateEntityProvider();

        @Override
        public JpaEntityProvider create(KeycloakSession session) {
            return INSTANCE;
        }

        @Override
        public String getId() {
            return ID;
        }
    }
}
