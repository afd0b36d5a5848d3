package dev.totpguard.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import dev.totpguard.credential.DeviceReports;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import dev.totpguard.grace.Postponements;
import dev.totpguard.guard.RealmPolicies;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;

import static dev.totpguard.admin.TotpGuardAdminResource.TYPE;

/**
 * {@code GET /admin/realms/{realm}/totp-guard/summary}: the realm's report on users with devices, the devices that
 * refuse codes now, direct grant coverage and users still to enroll ({@link RealmSummary}).
 */
public final class SummaryResource extends AdminEndpoint {

    SummaryResource(AdminEndpoint parent) {
        super(parent);
    }

    /**
     * Users with devices, and the devices that refuse codes now. Needs view rights on all users. One query counts, one
     * streams the devices' public data (no seed, no user loaded); the list is cut at {@code max} (default
     * {@value AdminRequests#DEFAULT_MAX}, at most {@value AdminRequests#MAX_MAX}).
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response summary(@QueryParam("max") String maxParam) {
        auth.users().requireView();
        int max = AdminRequests.max(maxParam);
        int lockoutAfter = RealmPolicies.strictestLockoutAfter(realm);
        long now = Time.currentTimeMillis();
        DeviceReports reports = DeviceReports.of(session);

        DeviceReports.Counts counts = reports.counts(realm.getId());
        long waiting = 0;
        long locked = 0;
        long unsealed = 0;
        boolean truncated = false;
        List<RealmSummary.Entry> attention = new ArrayList<>();
        try (Stream<DeviceReports.RealmDevice> rows = reports.devicesOf(realm.getId())) {
            for (DeviceReports.RealmDevice row : (Iterable<DeviceReports.RealmDevice>) rows::iterator) {
                // the secret is only looked at for whether it is sealed, never decrypted
                DeviceStatus device = DeviceStatus.of(row.id(), row.label(), row.created(), row.data(), row.sealed(),
                        now, lockoutAfter);
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
                    attention.add(new RealmSummary.Entry(row.userId(), row.username(), device));
                } else {
                    truncated = true;
                }
            }
        }
        attention.sort(Comparator.comparing((RealmSummary.Entry e) -> e.username() == null ? "" : e.username())
                .thenComparing(e -> e.device().id()));
        return AdminResponses.json(Response.Status.OK, new RealmSummary(realm.getName(), TYPE, counts.users(),
                counts.devices(), waiting, locked, unsealed, lockoutAfter, attention, truncated,
                DirectGrantCoverage.of(session, realm), toEnroll()));
    }

    /** Users still to enroll a first device: two counting queries. */
    private RealmSummary.ToEnroll toEnroll() {
        long postponed = Postponements.usersWithout(session, realm.getId());
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        long requiredAction = em.createQuery("select count(distinct r.user.id) from UserRequiredActionEntity r"
                        + " where r.action = :action and r.user.realmId = :realmId", Long.class)
                .setParameter("action", TotpGuardCredentialProviderFactory.ENROLL_ACTION)
                .setParameter("realmId", realm.getId())
                .getSingleResult();
        return new RealmSummary.ToEnroll(postponed, requiredAction);
    }
}
