package dev.totpguard.admin;

import java.util.List;

import dev.totpguard.audit.AdminAudit;
import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.RequiredActions;
import dev.totpguard.credential.TotpGuardCredentialProvider;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import dev.totpguard.remember.RememberedBrowsers;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.light.LightweightUserAdapter;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.BruteForceProtector;

import static dev.totpguard.admin.AdminResponses.error;
import static dev.totpguard.admin.TotpGuardAdminResource.TYPE;

/**
 * {@code /admin/realms/{realm}/totp-guard/users/{userId}}: one user's status, reset and unlock; the user's devices
 * ({@link DevicesResource}) and remembered browsers ({@link RememberedBrowsersResource}) below. Each endpoint looks the
 * user up ({@link AdminRequests#user}: 404, or 403), then checks the caller's view or manage rights on that user.
 */
public final class UserResource extends AdminEndpoint {

    private final String userId;

    UserResource(AdminEndpoint parent, String userId) {
        super(parent);
        this.userId = userId;
    }

    /** A user's devices (never a seed), lock states and pending enrollment. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        UserModel user = requests.user(userId);
        auth.users().requireView(user);
        return AdminResponses.json(Response.Status.OK, UserDevices.status(session, realm, user));
    }

    /**
     * Removes every device and the user's Keycloak recovery codes, and makes the user enroll a new device (and, as the
     * enrollment action's config says, get new recovery codes) at the next sign-in. Revokes the user's remembered
     * browsers, and signs the user out everywhere as Keycloak's admin {@code POST users/{id}/logout} does: every session
     * ends (with a back-channel logout to the clients) and the user's not-before time is set, so tokens issued before
     * (refresh and offline tokens included) stop working, since whoever holds the lost phone may be signed in.
     * {@code keepSessions=true} keeps the sessions and sets no not-before time (the user called from a signed-in
     * session the helpdesk trusts); {@code false}, no parameter or an empty one ends them; any other value is refused
     * with 400 and changes nothing. Admin event ACTION {@code users/{id}/totp-guard/reset}, whose representation says whether
     * sessions were ended ({@code sessionsEnded}) and how many ({@code sessionsEndedCount}). 409 (and nothing changed)
     * when the enrollment required action is disabled.
     */
    @POST
    @Path("reset")
    @Produces(MediaType.APPLICATION_JSON)
    public Response reset(@QueryParam("keepSessions") String keepSessions) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        boolean endSessions = !AdminRequests.keepSessions(keepSessions);
        String action = TotpGuardCredentialProviderFactory.ENROLL_ACTION;
        if (!RequiredActions.enabledIn(realm, action)) {
            throw error(Response.Status.CONFLICT, "Required action " + action + " is not enabled in this realm");
        }
        List<CredentialModel> removed = UserDevices.current(session, user).toList();
        TotpGuardCredentialProvider provider = credentials;
        removed.forEach(d -> provider.deleteCredential(realm, user, d.getId()));
        // a reset starts over: recovery codes the user may have lost with the phone go too (new ones after enrollment)
        boolean recoveryCodesRemoved = RecoveryCodes.remove(user);
        int browsersRevoked = RememberedBrowsers.revokeAll(user); // they vouch for nothing once the devices are gone
        user.addRequiredAction(action);
        int sessionsEnded = endSessions ? endSessions(user) : 0;
        AdminAudit.send(adminEvent, OperationType.ACTION, user.getId(),
                AdminAudit.Representation.reset(TYPE, removed.stream().map(UserDevices::ref).toList(), action,
                        recoveryCodesRemoved, browsersRevoked, endSessions, sessionsEnded),
                "reset");
        return AdminResponses.json(Response.Status.OK, UserDevices.status(session, realm, user));
    }

    /**
     * Signs the user out everywhere, as Keycloak's {@code UserResource.logout} does: the not-before time (not for a
     * lightweight user, which has no storage), then a back-channel logout of each session. Returns how many ended.
     */
    private int endSessions(UserModel user) {
        if (!LightweightUserAdapter.isLightweightUser(user)) {
            session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        }
        // collected first: the logout removes the sessions from the stream's source
        List<UserSessionModel> sessions = session.sessions().getUserSessionsStream(realm, user).toList();
        sessions.forEach(s -> AuthenticationManager.backchannelLogout(session, realm, s, session.getContext().getUri(),
                session.getContext().getConnection(), session.getContext().getRequestHeaders(), true));
        return sessions.size();
    }

    /**
     * Resets the failure counters of every device (no wait, no lockout), and clears Keycloak's brute-force lock of the
     * user: the temporary lockout, and a permanent one (the user is enabled again only when Keycloak disabled it for
     * brute force). Admin event ACTION {@code users/{id}/totp-guard/unlock}. Keycloak's own Unlock does the same for
     * our part ({@link Unlock}, see {@code dev.totpguard.console}).
     */
    @POST
    @Path("unlock")
    @Produces(MediaType.APPLICATION_JSON)
    public Response unlock() {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        List<AdminAudit.DeviceRef> unlocked = Unlock.devices(session, user);
        Unlock.audit(adminEvent, user.getId(), unlocked, clearBruteForce(user));
        return AdminResponses.json(Response.Status.OK, UserDevices.status(session, realm, user));
    }

    private boolean clearBruteForce(UserModel user) {
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        boolean cleared = false;
        if (protector.isPermanentlyLockedOut(session, realm, user)) {
            user.setEnabled(true);
            protector.cleanUpPermanentLockout(session, realm, user);
            cleared = true;
        }
        if (session.loginFailures().getUserLoginFailure(realm, user.getId()) != null) {
            session.loginFailures().removeUserLoginFailure(realm, user.getId());
            cleared = true;
        }
        return cleared;
    }

    /** The user's devices: import, remove, seal ({@link DevicesResource}). */
    @Path("devices")
    public DevicesResource devices() {
        return new DevicesResource(this, userId);
    }

    /** The user's remembered browsers: list, revoke ({@link RememberedBrowsersResource}). */
    @Path("remembered-browsers")
    public RememberedBrowsersResource rememberedBrowsers() {
        return new RememberedBrowsersResource(this, userId);
    }
}
