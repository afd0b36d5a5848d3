package dev.totpguard.admin;

import java.util.List;

import dev.totpguard.remember.RememberAudit;
import dev.totpguard.remember.RememberedBrowser;
import dev.totpguard.remember.RememberedBrowsers;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.UserModel;

import static dev.totpguard.admin.AdminResponses.error;

/**
 * {@code /admin/realms/{realm}/totp-guard/users/{userId}/remembered-browsers}: list and revoke the user's remembered
 * browsers. Each endpoint looks the user up ({@link AdminRequests#user}: 404, or 403), then checks the caller's view
 * (list) or manage (revoke) rights on that user. Never a token or hash in an answer or event.
 */
public final class RememberedBrowsersResource extends AdminEndpoint {

    private final String userId;

    RememberedBrowsersResource(AdminEndpoint parent, String userId) {
        super(parent);
        this.userId = userId;
    }

    /** The user's remembered browsers: id, browser description, created, expires, last used (never a token or hash). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response rememberedBrowsers() {
        UserModel user = requests.user(userId);
        auth.users().requireView(user);
        return AdminResponses.json(Response.Status.OK, RememberedBrowsers.list(user));
    }

    /** Revokes one remembered browser: its next sign-in is prompted. Admin event DELETE {@code users/{id}/totp-guard/remembered-browsers/{id}}. */
    @DELETE
    @Path("{browserId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeRememberedBrowser(@PathParam("browserId") String browserId) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        RememberedBrowser revoked = RememberedBrowsers.revoke(user, browserId)
                .orElseThrow(() -> error(Response.Status.NOT_FOUND, "Remembered browser not found"));
        RememberAudit.revoked(adminEvent, user.getId(), List.of(revoked), revoked.id());
        return Response.noContent().build();
    }

    /** Revokes every remembered browser of the user. Admin event DELETE {@code users/{id}/totp-guard/remembered-browsers}. */
    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeRememberedBrowsers() {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        List<RememberedBrowser> revoked = RememberedBrowsers.list(user);
        RememberedBrowsers.revokeAll(user);
        RememberAudit.revoked(adminEvent, user.getId(), revoked);
        return Response.noContent().build();
    }
}
