package dev.totpguard.admin;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.totpguard.audit.AdminAudit;
import dev.totpguard.credential.DeviceConflictException;
import dev.totpguard.credential.DeviceRules;
import dev.totpguard.credential.DeviceStates;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.LegacyOtpMigration;
import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.SeedUnavailableException;
import dev.totpguard.credential.SeedVault;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.credential.TotpGuardCredentialProvider;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import dev.totpguard.enroll.TotpGuardEnrollActionFactory;
import dev.totpguard.grace.Postponements;
import dev.totpguard.guard.RealmPolicies;
import dev.totpguard.otp.Base32;
import dev.totpguard.otp.HmacAlgorithm;
import dev.totpguard.otp.OtpAuthUri;
import dev.totpguard.otp.ParsedOtpAuth;
import dev.totpguard.otp.Totp;
import dev.totpguard.remember.RememberAudit;
import dev.totpguard.remember.RememberedBrowser;
import dev.totpguard.remember.RememberedBrowsers;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.light.LightweightUserAdapter;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import static dev.totpguard.admin.AdminResponses.error;

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

    /** A user's devices (never a seed), lock states and pending enrollment. */
    @GET
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@PathParam("userId") String userId) {
        UserModel user = requests.user(userId);
        auth.users().requireView(user);
        return AdminResponses.json(Response.Status.OK, status(user));
    }

    /**
     * Removes one device; its codes fail at once. Admin event DELETE {@code users/{id}/totp-guard/devices/{credentialId}},
     * on which the remembered-browsers listener revokes every remembered browser of the user (as for every other way a
     * device is removed).
     */
    @DELETE
    @Path("users/{userId}/devices/{credentialId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response removeDevice(@PathParam("userId") String userId, @PathParam("credentialId") String credentialId) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        CredentialModel device = devices(user).filter(d -> d.getId().equals(credentialId)).findFirst()
                .orElseThrow(() -> error(Response.Status.NOT_FOUND, "Device not found"));
        TotpGuardCredentialProvider.of(session).deleteCredential(realm, user, device.getId());
        AdminAudit.send(adminEvent, OperationType.DELETE, user.getId(),
                AdminAudit.Representation.removeDevice(TYPE, ref(device)), "devices", device.getId());
        return Response.noContent().build();
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
    @Path("users/{userId}/reset")
    @Produces(MediaType.APPLICATION_JSON)
    public Response reset(@PathParam("userId") String userId, @QueryParam("keepSessions") String keepSessions) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        boolean endSessions = !AdminRequests.keepSessions(keepSessions);
        String action = TotpGuardCredentialProviderFactory.ENROLL_ACTION;
        if (!TotpGuardEnrollActionFactory.enabledIn(realm, action)) {
            throw error(Response.Status.CONFLICT, "Required action " + action + " is not enabled in this realm");
        }
        List<CredentialModel> removed = devices(user).toList();
        TotpGuardCredentialProvider provider = TotpGuardCredentialProvider.of(session);
        removed.forEach(d -> provider.deleteCredential(realm, user, d.getId()));
        // a reset starts over: recovery codes the user may have lost with the phone go too (new ones after enrollment)
        boolean recoveryCodesRemoved = RecoveryCodes.remove(user);
        int browsersRevoked = RememberedBrowsers.revokeAll(user); // they vouch for nothing once the devices are gone
        user.addRequiredAction(action);
        int sessionsEnded = endSessions ? endSessions(user) : 0;
        AdminAudit.send(adminEvent, OperationType.ACTION, user.getId(),
                AdminAudit.Representation.reset(TYPE, removed.stream().map(TotpGuardAdminResource::ref).toList(), action,
                        recoveryCodesRemoved, browsersRevoked, endSessions, sessionsEnded),
                "reset");
        return AdminResponses.json(Response.Status.OK, status(user));
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

    /** The user's remembered browsers: id, browser description, created, expires, last used (never a token or hash). */
    @GET
    @Path("users/{userId}/remembered-browsers")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rememberedBrowsers(@PathParam("userId") String userId) {
        UserModel user = requests.user(userId);
        auth.users().requireView(user);
        return AdminResponses.json(Response.Status.OK, RememberedBrowsers.list(user));
    }

    /** Revokes one remembered browser: its next sign-in is prompted. Admin event DELETE {@code users/{id}/totp-guard/remembered-browsers/{id}}. */
    @DELETE
    @Path("users/{userId}/remembered-browsers/{browserId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeRememberedBrowser(@PathParam("userId") String userId, @PathParam("browserId") String browserId) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        RememberedBrowser revoked = RememberedBrowsers.revoke(user, browserId)
                .orElseThrow(() -> error(Response.Status.NOT_FOUND, "Remembered browser not found"));
        RememberAudit.revoked(adminEvent, user.getId(), List.of(revoked), revoked.id());
        return Response.noContent().build();
    }

    /** Revokes every remembered browser of the user. Admin event DELETE {@code users/{id}/totp-guard/remembered-browsers}. */
    @DELETE
    @Path("users/{userId}/remembered-browsers")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revokeRememberedBrowsers(@PathParam("userId") String userId) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        List<RememberedBrowser> revoked = RememberedBrowsers.list(user);
        RememberedBrowsers.revokeAll(user);
        RememberAudit.revoked(adminEvent, user.getId(), revoked);
        return Response.noContent().build();
    }

    /**
     * Resets the failure counters of every device (no wait, no lockout), and clears Keycloak's brute-force lock of the
     * user: the temporary lockout, and a permanent one (the user is enabled again only when Keycloak disabled it for
     * brute force). Admin event ACTION {@code users/{id}/totp-guard/unlock}. Keycloak's own Unlock does the same for
     * our part ({@link Unlock}, see {@code dev.totpguard.console}).
     */
    @POST
    @Path("users/{userId}/unlock")
    @Produces(MediaType.APPLICATION_JSON)
    public Response unlock(@PathParam("userId") String userId) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        List<AdminAudit.DeviceRef> unlocked = Unlock.devices(session, user);
        Unlock.audit(adminEvent, user.getId(), unlocked, clearBruteForce(user));
        return AdminResponses.json(Response.Status.OK, status(user));
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
     * Provisions a device from an existing seed (hardware token, another system), encrypted like any other, under the
     * limits of enrollment: period {@value DeviceRules#MIN_PERIOD}–{@value DeviceRules#MAX_PERIOD} s, digits 6–8, a
     * seed of 128 to 512 bits, the device-name rules, the realm's maximum devices per user, and no second device with
     * a seed the user already has. Bodies over {@value ImportRequest#MAX_BODY_BYTES} bytes get 413. There is no endpoint
     * that exports a seed. Admin event CREATE {@code users/{id}/totp-guard/devices/{credentialId}}.
     */
    @POST
    @Path("users/{userId}/devices")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importDevice(@PathParam("userId") String userId, InputStream body) {
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
            device = Devices.of(session).importDevice(realm, user, totp, seed, label,
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
                AdminAudit.Representation.importDevice(TYPE, ref(device)), "devices", device.getId());
        return AdminResponses.json(Response.Status.CREATED, DeviceStatus.of(device, Time.currentTimeMillis(),
                RealmPolicies.strictestLockoutAfter(realm)));
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
     * (unsealed devices are counted and left alone: see {@link #seal}). Needs manage-realm. Admin event ACTION
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

    /**
     * Seals the plaintext seed of one unsealed device under the primary key, so it signs in again: the explicit decision
     * of an admin who knows where the row came from (totp-guard 0.1, or a migration of their own). A row planted in the
     * database by someone else would become usable too, so look at the device first. Needs manage-users. 409 when the
     * device is already sealed, 400 when its stored seed is unusable. Admin event ACTION
     * {@code users/{id}/totp-guard/devices/{credentialId}/seal}.
     */
    @POST
    @Path("users/{userId}/devices/{credentialId}/seal")
    @Produces(MediaType.APPLICATION_JSON)
    public Response seal(@PathParam("userId") String userId, @PathParam("credentialId") String credentialId) {
        UserModel user = requests.user(userId);
        auth.users().requireManage(user);
        TotpGuardCredentialModel device = Devices.of(session).lockAll(user).stream()
                .filter(d -> d.getId().equals(credentialId)).findFirst()
                .orElseThrow(() -> error(Response.Status.NOT_FOUND, "Device not found"));
        try {
            if (!SeedVault.of(session).sealUnsealed(realm, user, device)) {
                throw error(Response.Status.CONFLICT, "The device's seed is already sealed");
            }
        } catch (IllegalArgumentException e) {
            throw error(Response.Status.BAD_REQUEST, "cannot seal: " + e.getMessage());
        } catch (SeedUnavailableException e) {
            throw error(Response.Status.SERVICE_UNAVAILABLE, "seed keys unavailable");
        }
        AdminAudit.send(adminEvent, OperationType.ACTION, user.getId(),
                AdminAudit.Representation.seal(TYPE, ref(device)), "devices", device.getId(), "seal");
        return AdminResponses.json(Response.Status.OK, status(user));
    }

    private UserStatus status(UserModel user) {
        int lockoutAfter = RealmPolicies.strictestLockoutAfter(realm);
        long now = Time.currentTimeMillis();
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        UserStatus.RealmLock realmLock = new UserStatus.RealmLock(
                realm.isBruteForceProtected() && protector.isTemporarilyDisabled(session, realm, user),
                protector.isPermanentlyLockedOut(session, realm, user));
        boolean enrollmentRequired = user.getRequiredActionsStream()
                .anyMatch(TotpGuardCredentialProviderFactory.ENROLL_ACTION::equals);
        return new UserStatus(user.getId(), user.getUsername(), TYPE, enrollmentRequired, lockoutAfter, realmLock,
                devices(user).map(d -> DeviceStatus.of(d, now, lockoutAfter)).toList());
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

    /** The user's stored devices (public part read only) as the database holds them now, in the user's order. */
    private Stream<CredentialModel> devices(UserModel user) {
        return Devices.of(session).current(user).stream().map(CredentialModel.class::cast);
    }

    private static AdminAudit.DeviceRef ref(CredentialModel device) {
        return new AdminAudit.DeviceRef(device.getId(), device.getUserLabel());
    }
}
