package dev.totpguard.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.totpguard.audit.AdminAudit;
import dev.totpguard.credential.DeviceStates;
import dev.totpguard.credential.LegacyOtpMigration;
import dev.totpguard.credential.SeedUnavailableException;
import dev.totpguard.credential.SeedVault;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import dev.totpguard.grace.Postponements;
import dev.totpguard.guard.RealmPolicies;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * The totp-guard admin REST API of one realm, at {@code /admin/realms/{realm}/totp-guard}. Reads need view rights on
 * the user (view-users, or a fine-grained permission), changes need manage rights (manage-users, or a fine-grained
 * permission); every change is recorded as an admin event. JSON only; a seed is never read here, let alone returned.
 */
public final class TotpGuardAdminResource {

    static final String TYPE = TotpGuardCredentialModel.TYPE;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final AdminRequests requests;

    TotpGuardAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                           AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.requests = new AdminRequests(session, realm, auth);
    }

    /**
     * Users with devices, and the devices that refuse codes now. Needs view rights on all users. One query counts, one
     * streams the devices' public data (no seed, no user loaded); the list is cut at {@code max} (default
     * {@value AdminRequests#DEFAULT_MAX}, at most {@value AdminRequests#MAX_MAX}).
     */
    @GET
    @Path("summary")
    @Produces(MediaType.APPLICATION_JSON)
    public Response summary(@QueryParam("max") String maxParam) {
        auth.users().requireView();
        int max = AdminRequests.max(maxParam);
        int lockoutAfter = RealmPolicies.strictestLockoutAfter(realm);
        long now = Time.currentTimeMillis();
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();

        Object[] counts = em.createQuery("select count(c), count(distinct u.id) from CredentialEntity c join c.user u"
                        + " where c.type = :type and u.realmId = :realmId", Object[].class)
                .setParameter("type", TYPE).setParameter("realmId", realm.getId())
                .getSingleResult();
        long waiting = 0;
        long locked = 0;
        long unsealed = 0;
        boolean truncated = false;
        List<RealmSummary.Entry> attention = new ArrayList<>();
        try (Stream<Object[]> rows = em.createQuery("select c.id, c.userLabel, c.createdDate, c.credentialData, u.id,"
                        + " u.username, c.secretData, " + DeviceStates.STATE_COLUMNS + " from CredentialEntity c"
                        + " join c.user u left join DeviceStateEntity s on s.credentialId = c.id"
                        + " where c.type = :type and u.realmId = :realmId", Object[].class)
                .setParameter("type", TYPE).setParameter("realmId", realm.getId())
                .setHint("org.hibernate.readOnly", true)
                .setHint("org.hibernate.fetchSize", 500)
                .getResultStream()) {
            for (Object[] row : (Iterable<Object[]>) rows::iterator) {
                // the secret is only looked at for whether it is sealed, never decrypted
                DeviceStatus device = DeviceStatus.of((String) row[0], (String) row[1], (Long) row[2],
                        DeviceStates.stateAt(row, 7, DeviceStatus.data((String) row[3])),
                        TotpGuardCredentialModel.sealed((String) row[6]), now,
                        lockoutAfter);
                if (device.state() == DeviceState.ACTIVE) {
                    continue;
                }
                if (device.state() == DeviceState.WAITING) {
                    waiting++;
                } else if (device.state() == DeviceState.LOCKED) {
                    locked++;
                } else if (device.state() == DeviceState.UNSEALED) {
                    unsealed++;
                }
                if (attention.size() < max) {
                    attention.add(new RealmSummary.Entry((String) row[4], (String) row[5], device));
                } else {
                    truncated = true;
                }
            }
        }
        attention.sort(Comparator.comparing((RealmSummary.Entry e) -> e.username() == null ? "" : e.username())
                .thenComparing(e -> e.device().id()));
        return AdminResponses.json(Response.Status.OK, new RealmSummary(realm.getName(), TYPE, ((Number) counts[1]).longValue(),
                ((Number) counts[0]).longValue(), waiting, locked, unsealed, lockoutAfter, attention, truncated,
                DirectGrantCoverage.of(session, realm), toEnroll(em)));
    }

    /** Users still to enroll a first device: two counting queries. */
    private RealmSummary.ToEnroll toEnroll(EntityManager em) {
        long postponed = Postponements.usersWithout(session, realm.getId(), TYPE);
        long requiredAction = em.createQuery("select count(distinct r.user.id) from UserRequiredActionEntity r"
                        + " where r.action = :action and r.user.realmId = :realmId", Long.class)
                .setParameter("action", TotpGuardCredentialProviderFactory.ENROLL_ACTION)
                .setParameter("realmId", realm.getId())
                .getSingleResult();
        return new RealmSummary.ToEnroll(postponed, requiredAction);
    }

    /**
     * Moves the realm's Keycloak built-in OTP (TOTP) credentials to totp-guard devices, same secrets, so apps keep
     * working; {@code dryRun=true} only reports. Needs manage-users. 409 (nothing migrated) while a way in does not
     * check totp-guard devices yet ({@code waysNotChecked}, see {@link LegacyOtpMigration#waysNotChecked}), unless
     * {@code force=true}. Admin events CREATE {@code users/{id}/totp-guard/devices/{credentialId}} for each new device,
     * then ACTION {@code totp-guard/migrate}.
     */
    @POST
    @Path("migrate")
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

    /** The way out to Keycloak's built-in OTP: {@code POST export-to-otp} ({@link ExportToOtpResource}). */
    @Path("export-to-otp")
    public ExportToOtpResource exportToOtp() {
        return new ExportToOtpResource(session, realm, auth, adminEvent, requests);
    }

    /**
     * One user: status, reset, unlock ({@link UserResource}); below it the user's devices ({@link DevicesResource}) and
     * remembered browsers ({@link RememberedBrowsersResource}).
     */
    @Path("users/{userId}")
    public UserResource user(@PathParam("userId") String userId) {
        return new UserResource(session, realm, auth, adminEvent, requests, userId);
    }

    /** Whether each way into the realm asks users with a device for a code, and settings that work against it. */
    @GET
    @Path("posture")
    @Produces(MediaType.APPLICATION_JSON)
    public Response posture() {
        auth.realm().requireViewRealm();
        return AdminResponses.json(Response.Status.OK, new dev.totpguard.posture.Posture(session, realm).report());
    }

    /** The seed keys in use (ids only, never key material) and how many devices each key protects. */
    @GET
    @Path("keys")
    @Produces(MediaType.APPLICATION_JSON)
    public Response keys() {
        auth.realm().requireViewRealm();
        SeedVault vault = SeedVault.of(session);
        return AdminResponses.json(Response.Status.OK, new KeyStatus(vault.primaryKeyId().orElse(null),
                vault.keysProblem().orElse(null), vault.devicesByKey(realm)));
    }

    /**
     * Keys as {@code GET keys} reports them; {@code problem} says why none are loaded. {@code devicesByKey} counts devices
     * per key id; {@value SeedVault#UNSEALED} counts devices whose seed is not sealed by our keys (refused at sign-in).
     */
    public record KeyStatus(String primaryKeyId, String problem, java.util.Map<String, Long> devicesByKey) {
    }

    /**
     * Re-encrypts every sealed device of the realm under the primary key, after a key was added; reports counts
     * (unsealed devices are counted and left alone: see {@link DevicesResource#seal}). Needs manage-realm. Admin event ACTION
     * {@code totp-guard/keys/reencrypt}.
     */
    @POST
    @Path("keys/reencrypt")
    @Produces(MediaType.APPLICATION_JSON)
    public Response reencrypt() {
        auth.realm().requireManageRealm();
        SeedVault.ReencryptReport report;
        try {
            report = SeedVault.of(session).reencrypt(realm);
        } catch (SeedUnavailableException e) {
            throw AdminResponses.seedKeysUnavailable(e);
        }
        AdminAudit.sendRealm(adminEvent, OperationType.ACTION, report, "keys", "reencrypt");
        return AdminResponses.json(Response.Status.OK, report);
    }
}
