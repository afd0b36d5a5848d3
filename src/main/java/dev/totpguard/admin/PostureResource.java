package dev.totpguard.admin;

import dev.totpguard.posture.Posture;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /admin/realms/{realm}/totp-guard/posture}: the realm's report on its ways in ({@link Posture}). */
public final class PostureResource extends AdminEndpoint {

    PostureResource(AdminEndpoint parent) {
        super(parent);
    }

    /** Whether each way into the realm asks users with a device for a code, and settings that work against it. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response posture() {
        auth.realm().requireViewRealm();
        return AdminResponses.json(Response.Status.OK, new Posture(session, realm).report());
    }
}
