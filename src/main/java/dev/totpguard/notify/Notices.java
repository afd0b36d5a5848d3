package dev.totpguard.notify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * A device enrolled ({@code UPDATE_CREDENTIAL}) or removed by the user ({@code REMOVE_CREDENTIAL}), a wait or
     * lockout started ({@code LOGIN_ERROR} with {@code totp_started}), a sign-in with a recovery code ({@code UPDATE_CREDENTIAL}
     * with {@code recovery_code_used=true}).
     */
    static Optional<Notice> of(Event event) {
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
        } else if (event.getType() == EventType.LOGIN_ERROR && ours
                && ("waiting".equals(details.get(AuditDetails.STARTED)) || "locked".equals(details.get(AuditDetails.STARTED)))) {
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
        String ip = event.getAuthDetails() == null ? null : event.getAuthDetails().getIpAddress();
        return Optional.of(new Notice(kind, event.getRealmId(), userId, event.getTime(), null, ip, true, labels, variant));
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
