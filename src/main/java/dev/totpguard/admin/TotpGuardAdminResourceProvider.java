package dev.totpguard.admin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Hands Keycloak the realm's totp-guard admin resource, with the caller's permissions and admin-event builder. */
final class TotpGuardAdminResourceProvider implements AdminRealmResourceProvider {

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new TotpGuardAdminResource(session, realm, auth, adminEvent);
    }

    @Override
    public void close() {
    }
}
