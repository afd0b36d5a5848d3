package dev.totpguard.admin;

import dev.totpguard.posture.Posture;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code GET /admin/realms/{realm}/totp-guard/posture}: the realm's report on its ways in ({@link Posture}). */
public final class PostureResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    PostureResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /** Whether each way into the realm asks users with a device for a code, and settings that work against it. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response posture() {
        auth.realm().requireViewRealm();
        return AdminResponses.json(Response.Status.OK, new Posture(session, realm).report());
    }
}
