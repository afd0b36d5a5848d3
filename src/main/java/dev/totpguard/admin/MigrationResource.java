package dev.totpguard.admin;

import dev.totpguard.audit.AdminAudit;
import dev.totpguard.guard.SeedUnavailableException;
import dev.totpguard.migrate.LegacyOtpMigration;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;

import static dev.totpguard.admin.TotpGuardAdminResource.TYPE;

/**
 * {@code POST /admin/realms/{realm}/totp-guard/migrate}: the way in from Keycloak's built-in OTP
 * ({@link LegacyOtpMigration}). Never a seed in an answer or event.
 */
public final class MigrationResource extends AdminEndpoint {

    MigrationResource(AdminEndpoint parent) {
        super(parent);
    }

    /**
     * Moves the realm's Keycloak built-in OTP (TOTP) credentials to totp-guard devices, same secrets, so apps keep
     * working; {@code dryRun=true} only reports. Needs manage-users. 409 (nothing migrated) while a way in does not
     * check totp-guard devices yet ({@code waysNotChecked}, see {@link LegacyOtpMigration#waysNotChecked}), unless
     * {@code force=true}. Admin events CREATE {@code users/{id}/totp-guard/devices/{credentialId}} for each new device,
     * then ACTION {@code totp-guard/migrate}.
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response migrate(@QueryParam("dryRun") String dryRun, @QueryParam("force") String force) {
        auth.users().requireManage();
        boolean dry = AdminRequests.flag(dryRun);
        boolean forced = AdminRequests.flag(force);
        LegacyOtpMigration.Report report;
        try {
            report = new LegacyOtpMigration(session).migrate(realm, dry, forced);
        } catch (LegacyOtpMigration.WaysNotCheckedException e) {
            return AdminResponses.conflict(e.getMessage(), "waysNotChecked", e.ways());
        } catch (SeedUnavailableException e) {
            throw AdminResponses.seedKeysUnavailable(e);
        }
        if (!dry) {
            // one event per new device, on the user (so the user is told, see notify), then the realm-wide report
            for (LegacyOtpMigration.Migrated device : report.devices()) {
                AdminAudit.send(adminEvent.clone(session), OperationType.CREATE, device.userId(),
                        AdminAudit.Representation.migrateDevice(TYPE,
                                new AdminAudit.DeviceRef(device.deviceId(), device.label())),
                        "devices", device.deviceId());
            }
            AdminAudit.sendRealm(adminEvent, OperationType.ACTION, report, "migrate");
        }
        return AdminResponses.json(Response.Status.OK, report);
    }
}
