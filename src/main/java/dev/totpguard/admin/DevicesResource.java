package dev.totpguard.admin;

import java.io.InputStream;
import java.util.Arrays;

import dev.totpguard.audit.AdminAudit;
import dev.totpguard.credential.DeviceConflictException;
import dev.totpguard.credential.DeviceRules;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.enroll.TotpGuardEnrollActionFactory;
import dev.totpguard.guard.RealmPolicies;
import dev.totpguard.guard.SeedUnavailableException;
import dev.totpguard.otp.Base32;
import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.OtpAuthUri;
import dev.totpguard.otp.ParsedOtpAuth;
import dev.totpguard.otp.Totp;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.UserModel;

import static dev.totpguard.admin.AdminResponses.error;
import static dev.totpguard.admin.TotpGuardAdminResource.TYPE;

/**
 * {@code /admin/realms/{realm}/totp-guard/users/{userId}/devices}: import, remove and seal one device of the user. Each
 * endpoint looks the user up ({@link AdminRequests#user}: 404, or 403), then checks the caller's manage rights on that
 * user. Never a seed in an answer or event.
 */
public final class DevicesResource extends AdminEndpoint {

    private final String userId;

    DevicesResource(AdminEndpoint parent, String userId) {
        super(parent);
        this.userId = userId;
    }

    /**
     * Provisions a device from an existing seed (hardware token, another system), encrypted like any other, under the
     * limits of enrollment: period {@value DeviceRules#MIN_PERIOD}–{@value DeviceRules#MAX_PERIOD} s, digits 6–8, a
     * seed of 128 to 512 bits, the device-name rules, the realm's maximum devices per user, and no second device with
     * a seed the user already has. Bodies over {@value ImportRequest#MAX_BODY_BYTES} bytes get 413. There is no endpoint
     * that exports a seed. Admin event CREATE {@code users/{id}/totp-guard/devices/{credentialId}}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importDevice(InputStream body) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        ImportRequest request = ImportRequest.read(body);
        Totp totp;
        byte[] seed;
        String label = DeviceRules.normaliseLabel(request.label());
        if (label != null && label.isEmpty()) {
            label = null;
        }
        try {
            if (request.otpauthUri() != null && !request.otpauthUri().isBlank()) {
                ParsedOtpAuth parsed = OtpAuthUri.parse(request.otpauthUri().strip());
                totp = parsed.toTotp();
                seed = parsed.secret();
            } else if (request.base32Seed() != null && !request.base32Seed().isBlank()) {
                totp = new Totp(request.algorithm() == null ? HmacAlgorithm.SHA1 : HmacAlgorithm.fromName(request.algorithm()),
                        request.digits() == null ? 6 : request.digits(), request.period() == null ? 30 : request.period(), 0L);
                seed = Base32.decodeLenient(request.base32Seed());
            } else {
                throw new IllegalArgumentException("give otpauthUri, or seed (Base32) with algorithm, digits and period");
            }
        } catch (IllegalArgumentException e) {
            // the otp package's messages never contain the secret or the URI
            throw error(Response.Status.BAD_REQUEST, "invalid import: " + e.getMessage());
        }
        CredentialModel device;
        try {
            device = credentials.devices().importDevice(realm, user, totp, seed, label,
                    TotpGuardEnrollActionFactory.maxDevices(realm), TotpGuardEnrollActionFactory.labelRequired(realm));
        } catch (IllegalArgumentException e) {
            throw error(Response.Status.BAD_REQUEST, "invalid import: " + e.getMessage());
        } catch (DeviceConflictException e) {
            throw error(Response.Status.CONFLICT, "refused: " + e.getMessage());
        } catch (SeedUnavailableException e) {
            throw AdminResponses.seedKeysUnavailable(e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        AdminAudit.send(adminEvent, OperationType.CREATE, user.getId(),
                AdminAudit.Representation.importDevice(TYPE, UserDevices.ref(device)), "devices", device.getId());
        return AdminResponses.json(Response.Status.CREATED, DeviceStatus.of(device, Time.currentTimeMillis(),
                RealmPolicies.strictestLockoutAfter(realm)));
    }

    /**
     * Removes one device; its codes fail at once. Admin event DELETE {@code users/{id}/totp-guard/devices/{credentialId}},
     * on which the remembered-browsers listener revokes every remembered browser of the user (as for every other way a
     * device is removed).
     */
    @DELETE
    @Path("{credentialId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response removeDevice(@PathParam("credentialId") String credentialId) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        CredentialModel device = UserDevices.current(session, user).filter(d -> d.getId().equals(credentialId)).findFirst()
                .orElseThrow(() -> error(Response.Status.NOT_FOUND, "Device not found"));
        credentials.deleteCredential(realm, user, device.getId());
        AdminAudit.send(adminEvent, OperationType.DELETE, user.getId(),
                AdminAudit.Representation.removeDevice(TYPE, UserDevices.ref(device)), "devices", device.getId());
        return Response.noContent().build();
    }

    /**
     * Seals the plaintext seed of one unsealed device under the primary key, so it signs in again: the explicit decision
     * of an admin who knows where the row came from (totp-guard 0.1, or a migration of their own). A row planted in the
     * database by someone else would become usable too, so look at the device first. Needs manage-users. 409 when the
     * device is already sealed, 400 when its stored seed is unusable. Admin event ACTION
     * {@code users/{id}/totp-guard/devices/{credentialId}/seal}.
     */
    @POST
    @Path("{credentialId}/seal")
    @Produces(MediaType.APPLICATION_JSON)
    public Response seal(@PathParam("credentialId") String credentialId) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        TotpGuardCredentialModel device = credentials.devices().lockAll(user).stream()
                .filter(d -> d.getId().equals(credentialId)).findFirst()
                .orElseThrow(() -> error(Response.Status.NOT_FOUND, "Device not found"));
        try {
            if (!credentials.vault().sealUnsealed(realm, user, device)) {
                throw error(Response.Status.CONFLICT, "The device's seed is already sealed");
            }
        } catch (IllegalArgumentException e) {
            throw error(Response.Status.BAD_REQUEST, "cannot seal: " + e.getMessage());
        } catch (SeedUnavailableException e) {
            throw error(Response.Status.SERVICE_UNAVAILABLE, "seed keys unavailable");
        }
        AdminAudit.send(adminEvent, OperationType.ACTION, user.getId(),
                AdminAudit.Representation.seal(TYPE, UserDevices.ref(device)), "devices", device.getId(), "seal");
        return AdminResponses.json(Response.Status.OK, UserDevices.status(session, realm, user));
    }
}
