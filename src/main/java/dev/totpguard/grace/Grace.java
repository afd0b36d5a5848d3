package dev.totpguard.grace;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalInt;

import dev.totpguard.audit.AuditDetails;
import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.confirm.CeremonyGate;
import dev.totpguard.credential.Devices;
import dev.totpguard.metrics.TotpGuardMetrics;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;

/**
 * "Later" on the enrollment page during a roll-out's grace period. It is offered only when a flow sent a user without a
 * device to enrollment and the ceremony policy allows it ({@link Ceremony#POSTPONE}: the password in this
 * authentication, no recovery code, a requested and reached level of at most 1); taking it counts one postponement
 * under the user's row lock ({@link Postponements#claim}), so parallel posts never exceed the limit.
 */
public final class Grace {

    private Grace() {
    }

    /** What the page says about "Later", or {@code null} when it does not offer it (one count read). */
    public static Map<String, Object> panel(RequiredActionContext context, GracePeriod period, boolean demandedByFlow) {
        if (!demandedByFlow) {
            return null;
        }
        int soFar = Postponements.count(context.getSession(), context.getUser());
        if (!allowedApartFromCount(context, period.allows(soFar, today()))) {
            return null;
        }
        return Map.of("left", period.left(soFar), "until", period.until() == null ? "" : period.until().toString());
    }

    /**
     * Takes one postponement if the grace period and the ceremony policy allow it, with its event
     * ({@code CUSTOM_REQUIRED_ACTION}, {@value AuditDetails#POSTPONED}, {@value AuditDetails#POSTPONES_LEFT}) and
     * metric. False (nothing counted) otherwise.
     */
    public static boolean postpone(RequiredActionContext context, GracePeriod period, boolean demandedByFlow,
                                   String actionId) {
        if (!demandedByFlow || !allowedApartFromCount(context, true)) {
            return false;
        }
        LocalDate today = today();
        OptionalInt postponed = Postponements.claim(context.getSession(), context.getUser(),
                soFar -> period.allows(soFar, today));
        if (postponed.isEmpty()) {
            return false;
        }
        int left = period.left(postponed.getAsInt());
        context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(Details.CUSTOM_REQUIRED_ACTION, actionId)
                .detail(AuditDetails.POSTPONED, Integer.toString(postponed.getAsInt()))
                .detail(AuditDetails.POSTPONES_LEFT, left >= 0 ? Integer.toString(left) : "until " + period.until())
                .success();
        TotpGuardMetrics.global().enrollmentPostponed(context.getRealm().getName());
        return true;
    }

    private static boolean allowedApartFromCount(RequiredActionContext context, boolean graceLeft) {
        boolean hasDevice = Devices.any(context.getUser());
        return CeremonyGate.decide(context, Ceremony.POSTPONE, hasDevice, graceLeft).allowed();
    }

    static LocalDate today() {
        return LocalDate.ofInstant(Instant.ofEpochMilli(Time.currentTimeMillis()), ZoneOffset.UTC);
    }
}
