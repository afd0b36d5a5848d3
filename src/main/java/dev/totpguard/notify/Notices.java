package dev.totpguard.notify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.totpguard.audit.AdminAudit;
import dev.totpguard.audit.AuditDetails;
import dev.totpguard.credential.TotpGuardCredentialModel;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.util.JsonSerialization;

/** Which user and admin events call for a mail, and what it says: pure functions of the event. */
final class Notices {

    private static final String TYPE = TotpGuardCredentialModel.TYPE;

    private Notices() {
    }

    /**
     * A device enrolled ({@code UPDATE_CREDENTIAL}) or removed by the user ({@code REMOVE_CREDENTIAL}), a streak of
     * wrong codes ({@code LOGIN_ERROR} with {@code totp_started}: see {@link #startsStreakNotice}), a sign-in with a
     * recovery code ({@code UPDATE_CREDENTIAL} with {@code recovery_code_used=true}).
     *
     * @param failureLimits the "failures before delay" of the realm's sign-in executions; asked only for an event that
     *                      started a wait
     */
    static Optional<Notice> of(Event event, Supplier<Set<Integer>> failureLimits) {
        if (event.getType() == null || event.getUserId() == null || event.getRealmId() == null) {
            return Optional.empty();
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        boolean ours = TYPE.equals(details.get(Details.CREDENTIAL_TYPE));
        Notice.Kind kind = null;
        String variant = null;
        if (event.getType() == EventType.UPDATE_CREDENTIAL && ours && details.get(Details.CREDENTIAL_ID) != null) {
            kind = Notice.Kind.DEVICE_ADDED;
            variant = "enrolled";
        } else if (event.getType() == EventType.REMOVE_CREDENTIAL && ours) {
            kind = Notice.Kind.DEVICE_REMOVED;
        } else if (event.getType() == EventType.LOGIN_ERROR && ours && startsStreakNotice(details, failureLimits)) {
            kind = Notice.Kind.LOCKOUT;
            variant = details.get(AuditDetails.STARTED);
        } else if (event.getType() == EventType.UPDATE_CREDENTIAL
                && "true".equals(details.get(AuditDetails.RECOVERY_CODE_USED))) {
            kind = Notice.Kind.RECOVERY_CODE_USED;
            String left = details.get(AuditDetails.RECOVERY_CODES_LEFT);
            variant = left != null && left.matches("[0-9]{1,4}") ? left : null;
        }
        if (kind == null) {
            return Optional.empty();
        }
        List<String> labels = kind == Notice.Kind.RECOVERY_CODE_USED ? List.of()
                : java.util.Collections.singletonList(details.get(Details.CREDENTIAL_USER_LABEL));
        return Optional.of(new Notice(kind, event.getRealmId(), event.getUserId(), event.getTime(), event.getClientId(),
                event.getIpAddress(), false, labels, variant));
    }

    /**
     * Once per streak of wrong codes (consecutive failures, until a correct code or an admin's unlock): when its first
     * wait starts, and when the lockout starts. Every counted failure past the failure limit starts a wait of its own
     * ({@code totp_started=waiting}, a longer one each time), so a wait is the first of its streak only when the
     * failure that started it is the failure limit itself ({@code consecutive_failures}): the realm's, since every attempt
     * counts against the realm's strictest throttle. When that cannot be told (no count, no limit) the mail goes. The lockout starts
     * once per streak ({@code totp_started=locked}); the refusals after it carry no {@code totp_started}.
     */
    static boolean startsStreakNotice(Map<String, String> details, Supplier<Set<Integer>> failureLimits) {
        String started = details.get(AuditDetails.STARTED);
        if ("locked".equals(started)) {
            return true;
        }
        if (!"waiting".equals(started)) {
            return false;
        }
        String failures = details.get(AuditDetails.FAILURES);
        if (failures == null || !failures.matches("[0-9]{1,4}")) {
            return true;
        }
        Set<Integer> limits = failureLimits.get();
        return limits == null || limits.isEmpty() || limits.contains(Integer.parseInt(failures));
    }

    /**
     * Admin changes: a device imported or migrated ({@code CREATE users/{id}/totp-guard/devices/{credentialId}}),
     * removed ({@code DELETE} there, or Keycloak's own {@code users/{id}/credentials/{credentialId}} for a totp-guard
     * credential), all devices reset ({@code ACTION users/{id}/totp-guard/reset}).
     */
    static Optional<Notice> of(AdminEvent event) {
        if (event.getError() != null || event.getResourcePath() == null || event.getOperationType() == null
                || event.getRealmId() == null) {
            return Optional.empty();
        }
        String[] path = event.getResourcePath().split("/");
        if (path.length < 4 || !"users".equals(path[0])) {
            return Optional.empty();
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        OperationType op = event.getOperationType();
        String userId = path[1];
        Notice.Kind kind = null;
        String variant = null;
        List<String> labels = java.util.Collections.singletonList(details.get(Details.CREDENTIAL_USER_LABEL));
        if (AdminAudit.PATH.equals(path[2])) {
            JsonNode representation = representation(event);
            if (path.length == 5 && "devices".equals(path[3]) && op == OperationType.CREATE) {
                kind = Notice.Kind.DEVICE_ADDED;
                variant = "migrate-device".equals(representation.path("action").asText()) ? "migrated" : "imported";
            } else if (path.length == 5 && "devices".equals(path[3]) && op == OperationType.DELETE) {
                kind = Notice.Kind.DEVICE_REMOVED;
            } else if (path.length == 4 && "reset".equals(path[3]) && op == OperationType.ACTION) {
                kind = Notice.Kind.DEVICES_RESET;
                labels = new ArrayList<>();
                for (JsonNode device : representation.path("devices")) {
                    labels.add(device.hasNonNull("userLabel") ? device.get("userLabel").asText() : null);
                }
            }
        } else if (path.length == 4 && "credentials".equals(path[2]) && TYPE.equals(details.get(Details.CREDENTIAL_TYPE))
                && (op == OperationType.DELETE || op == OperationType.ACTION)) {
            kind = Notice.Kind.DEVICE_REMOVED;
        }
        if (kind == null) {
            return Optional.empty();
        }
        // never the admin's IP address: it tells the user nothing and tells anyone who reads the mail where admins sit
        return Optional.of(new Notice(kind, event.getRealmId(), userId, event.getTime(), null, null, true, labels, variant));
    }

    private static JsonNode representation(AdminEvent event) {
        if (event.getRepresentation() == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return JsonSerialization.readValue(event.getRepresentation(), JsonNode.class);
        } catch (IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
