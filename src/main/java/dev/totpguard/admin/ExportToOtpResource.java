package dev.totpguard.admin;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.totpguard.audit.AdminAudit;
import dev.totpguard.exit.BuiltInOtpExport;
import dev.totpguard.guard.SeedUnavailableException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.UserModel;

/**
 * {@code POST /admin/realms/{realm}/totp-guard/export-to-otp}: the way out to Keycloak's built-in OTP
 * ({@link BuiltInOtpExport}). Needs manage rights on the user ({@code userId}) or on all users. Body
 * {@link ExportRequest}; 400 for a bad body (nothing changed), 409 with {@code waysStillChecking} for a removal while
 * a flow still runs a totp-guard step (nothing changed), 503 without seed keys. A real run sends one admin event per
 * user whose devices were exported or removed (ACTION {@code users/{id}/totp-guard/export-to-otp}), then one for the
 * run (ACTION {@code totp-guard/export-to-otp}, resource type {@code REALM}). Never a seed in an answer or event.
 */
public final class ExportToOtpResource extends AdminEndpoint {

    ExportToOtpResource(AdminEndpoint parent) {
        super(parent);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response export(InputStream body) {
        auth.users().requireQuery(); // no body is looked at for a caller who may not even list users
        ExportRequest request = read(body);
        UserModel user = null;
        if (request.userId() != null) {
            user = requests.user(request.userId());
            auth.users().requireManage(user);
        } else {
            auth.users().requireManage();
        }
        BuiltInOtpExport.Report report;
        try {
            report = new BuiltInOtpExport(session).export(realm, user,
                    new BuiltInOtpExport.Request(request.dryRun(), request.removeTotpGuard(), request.force()));
        } catch (BuiltInOtpExport.WaysStillCheckingException e) {
            return AdminResponses.conflict(e.getMessage(), "waysStillChecking", e.ways());
        } catch (SeedUnavailableException e) {
            throw AdminResponses.seedKeysUnavailable(e);
        }
        if (!report.dryRun() && !report.devices().isEmpty()) {
            audit(report);
        }
        return AdminResponses.json(Response.Status.OK, report);
    }

    /** One event per user (so that it shows with the user's other admin events), then the run's. */
    private void audit(BuiltInOtpExport.Report report) {
        Map<String, List<BuiltInOtpExport.Device>> byUser = new LinkedHashMap<>();
        report.devices().forEach(d -> byUser.computeIfAbsent(d.userId(), k -> new java.util.ArrayList<>()).add(d));
        byUser.forEach((userId, devices) -> AdminAudit.send(adminEvent.clone(session), OperationType.ACTION, userId,
                AdminAudit.Representation.exportToOtp(TotpGuardAdminResource.TYPE, devices.stream()
                        .map(d -> new AdminAudit.ExportRef(d.deviceId(), d.userLabel(), d.otpCredentialId())).toList(),
                        devices.stream().anyMatch(BuiltInOtpExport.Device::removed)),
                "export-to-otp"));
        AdminAudit.sendRealm(adminEvent, OperationType.ACTION, report, "export-to-otp");
    }

    private static ExportRequest read(InputStream body) {
        try {
            return ExportRequest.parse(AdminRequests.body(body, ExportRequest.MAX_BODY_BYTES));
        } catch (IllegalArgumentException e) {
            throw AdminResponses.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }
}
