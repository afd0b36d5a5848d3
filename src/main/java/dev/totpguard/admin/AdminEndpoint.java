package dev.totpguard.admin;

import dev.totpguard.credential.TotpGuardCredentialProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * What every resource of the admin API works with, handed from the root ({@link TotpGuardAdminResource}) down to each
 * sub-resource: the session, the realm, the caller's rights, the admin event builder, the request reader and the totp-guard credential provider (looked up once, at the root). Written
 * once here instead of as five fields and a constructor per resource.
 */
abstract class AdminEndpoint {

    protected final KeycloakSession session;
    protected final RealmModel realm;
    protected final AdminPermissionEvaluator auth;
    protected final AdminEventBuilder adminEvent;
    protected final AdminRequests requests;
    /** The session's totp-guard credential provider: its devices and seed vault. */
    protected final TotpGuardCredentialProvider credentials;

    /** The root: built by Keycloak for one request. */
    AdminEndpoint(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.requests = new AdminRequests(session, realm, auth);
        this.credentials = TotpGuardCredentialProvider.of(session);
    }

    /** A sub-resource: the same request's context as its parent. */
    AdminEndpoint(AdminEndpoint parent) {
        this.session = parent.session;
        this.realm = parent.realm;
        this.auth = parent.auth;
        this.adminEvent = parent.adminEvent;
        this.requests = parent.requests;
        this.credentials = parent.credentials;
    }
}
