package dev.totpguard.admin;

import dev.totpguard.spi.NoLifecycle;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;

/** Registers the admin REST API at {@code /admin/realms/{realm}/}{@value #PROVIDER_ID}. */
public final class TotpGuardAdminResourceProviderFactory implements AdminRealmResourceProviderFactory, NoLifecycle<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "totp-guard";

    private static final TotpGuardAdminResourceProvider SINGLETON = new TotpGuardAdminResourceProvider();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return SINGLETON;
    }
}
