package dev.totpguard.audit;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.keycloak.events.Details;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Admin events for changes to a user's totp-guard devices: resource type {@code USER}, resource path
 * {@code users/{userId}/totp-guard/…}, a representation naming the credential type, ids and labels, and the same as
 * event details. Nothing secret: a device is referred to by id and label only.
 */
public final class AdminAudit {

    /** Path segment under {@code users/{userId}} for every totp-guard admin event. */
    public static final String PATH = "totp-guard";

    private AdminAudit() {
    }

    /** One device, as admin events name it. */
    public record DeviceRef(String credentialId, String userLabel) {
    }

    /** A device exported to a Keycloak built-in OTP credential ({@code otpCredentialId}). */
    public record ExportRef(String credentialId, String userLabel, String otpCredentialId) {
    }

    /**
     * The representation of a totp-guard admin event. Unset fields are left out.
     *
     * @param credentialType   always {@code totp-guard}
     * @param action           {@code remove-device}, {@code import-device}, {@code migrate-device}, {@code seal-device},
     *                         {@code reset}, {@code unlock} or {@code export-to-otp}
     * @param credentialId     the removed device (remove-device)
     * @param userLabel        its label (remove-device)
     * @param devices          the devices removed (reset) or unlocked (unlock)
     * @param requiredAction   the required action added (reset)
     * @param realmLockCleared whether Keycloak's brute-force lock of the user was cleared (unlock)
     * @param recoveryCodesRemoved whether the user's Keycloak recovery codes were removed too (reset)
     * @param rememberedBrowsersRevoked how many remembered browsers were revoked with them (reset)
     * @param sessionsEnded    whether the user was signed out everywhere (reset without {@code keepSessions=true})
     * @param sessionsEndedCount how many of the user's sessions ended (reset)
     * @param exported         the devices exported to built-in OTP credentials (export-to-otp)
     * @param totpGuardRemoved whether the exported devices were removed (export-to-otp)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Representation(String credentialType, String action, String credentialId, String userLabel,
                                 List<DeviceRef> devices, String requiredAction, Boolean realmLockCleared,
                                 Boolean recoveryCodesRemoved, Integer rememberedBrowsersRevoked, Boolean sessionsEnded,
                                 Integer sessionsEndedCount, List<ExportRef> exported, Boolean totpGuardRemoved) {

        public static Representation removeDevice(String credentialType, DeviceRef device) {
            return new Representation(credentialType, "remove-device", device.credentialId(), device.userLabel(),
                    null, null, null, null, null, null, null, null, null);
        }

        public static Representation reset(String credentialType, List<DeviceRef> removed, String requiredAction,
                                           boolean recoveryCodesRemoved, int rememberedBrowsersRevoked,
                                           boolean sessionsEnded, int sessionsEndedCount) {
            return new Representation(credentialType, "reset", null, null, List.copyOf(removed), requiredAction, null,
                    recoveryCodesRemoved, rememberedBrowsersRevoked, sessionsEnded, sessionsEndedCount, null, null);
        }

        public static Representation seal(String credentialType, DeviceRef device) {
            return new Representation(credentialType, "seal-device", device.credentialId(), device.userLabel(),
                    null, null, null, null, null, null, null, null, null);
        }

        public static Representation importDevice(String credentialType, DeviceRef device) {
            return new Representation(credentialType, "import-device", device.credentialId(), device.userLabel(),
                    null, null, null, null, null, null, null, null, null);
        }

        public static Representation migrateDevice(String credentialType, DeviceRef device) {
            return new Representation(credentialType, "migrate-device", device.credentialId(), device.userLabel(),
                    null, null, null, null, null, null, null, null, null);
        }

        public static Representation exportToOtp(String credentialType, List<ExportRef> exported, boolean removed) {
            return new Representation(credentialType, "export-to-otp", null, null, null, null, null, null, null, null,
                    null, List.copyOf(exported), removed);
        }

        public static Representation unlock(String credentialType, List<DeviceRef> unlocked, boolean realmLockCleared) {
            return new Representation(credentialType, "unlock", null, null, List.copyOf(unlocked), null, realmLockCleared, null, null,
                    null, null, null, null);
        }
    }

    /**
     * A realm-wide totp-guard operation (migration, re-encryption): resource type {@code REALM}, path
     * {@code totp-guard/…}, the report (counts, ids, never secrets) as representation.
     */
    public static void sendRealm(AdminEventBuilder builder, OperationType operation, Object report, String... subPath) {
        List<String> path = new ArrayList<>(List.of(PATH));
        path.addAll(List.of(subPath));
        builder.resource(ResourceType.REALM)
                .operation(operation)
                .resourcePath(path.toArray(String[]::new))
                .representation(report)
                .detail(Details.CREDENTIAL_TYPE, "totp-guard")
                .success();
    }

    /**
     * Sends the admin event through Keycloak's builder (event store and listeners).
     *
     * @param subPath segments after {@code users/{userId}/totp-guard}
     */
    public static void send(AdminEventBuilder builder, OperationType operation, String userId,
                            Representation representation, String... subPath) {
        List<String> path = new ArrayList<>(List.of("users", userId, PATH));
        path.addAll(List.of(subPath));
        builder.resource(ResourceType.USER)
                .operation(operation)
                .resourcePath(path.toArray(String[]::new))
                .representation(representation)
                .detail(Details.CREDENTIAL_TYPE, representation.credentialType())
                .detail(Details.CREDENTIAL_ID, representation.credentialId())
                .detail(Details.CREDENTIAL_USER_LABEL, representation.userLabel())
                .success();
    }
}
