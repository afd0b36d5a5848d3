package dev.totpguard.admin;

import dev.totpguard.credential.TotpGuardCredentialModel;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The totp-guard admin REST API of one realm, at {@code /admin/realms/{realm}/totp-guard}. Reads need view rights on
 * the user (view-users, or a fine-grained permission), changes need manage rights (manage-users, or a fine-grained
 * permission); every change is recorded as an admin event. JSON only; a seed is never read here, let alone returned.
 * <p>
 * This class only routes: each path leads to the sub-resource of one job, whose every endpoint checks the caller's
 * rights itself (a locator here checks nothing and does nothing but build the sub-resource). Requests are read with
 * {@link AdminRequests}, answers and refusals made with {@link AdminResponses}.
 */
public final class TotpGuardAdminResource extends AdminEndpoint {

    static final String TYPE = TotpGuardCredentialModel.TYPE;


    TotpGuardAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent);
    }

    /**
     * One user: status, reset, unlock ({@link UserResource}); below it the user's devices ({@link DevicesResource}) and
     * remembered browsers ({@link RememberedBrowsersResource}).
     */
    @Path("users/{userId}")
    public UserResource user(@PathParam("userId") String userId) {
        return new UserResource(this, userId);
    }

    /** {@code GET summary}: users with devices and the devices that refuse codes now ({@link SummaryResource}). */
    @Path("summary")
    public SummaryResource summary() {
        return new SummaryResource(this);
    }

    /** {@code GET posture}: the realm's ways in and their verdicts ({@link PostureResource}). */
    @Path("posture")
    public PostureResource posture() {
        return new PostureResource(this);
    }

    /** The way in from Keycloak's built-in OTP: {@code POST migrate} ({@link MigrationResource}). */
    @Path("migrate")
    public MigrationResource migrate() {
        return new MigrationResource(this);
    }

    /** The way out to Keycloak's built-in OTP: {@code POST export-to-otp} ({@link ExportToOtpResource}). */
    @Path("export-to-otp")
    public ExportToOtpResource exportToOtp() {
        return new ExportToOtpResource(this);
    }

    /** The seed keys: {@code GET keys}, {@code POST keys/reencrypt} ({@link KeysResource}). */
    @Path("keys")
    public KeysResource keys() {
        return new KeysResource(this);
    }
}
