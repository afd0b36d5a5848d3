package dev.totpguard.notify;

import java.util.List;

/**
 * One mail to send to a user about their devices, read from a user or admin event. Nothing secret: labels, a time,
 * the client, the IP address of the user's request (never an admin's).
 *
 * @param kind      what happened
 * @param realmId   the user's realm
 * @param userId    the user to tell
 * @param time      when, in epoch milliseconds
 * @param clientId  the client of a user event ({@code null} for an admin action)
 * @param ipAddress where the user's request came from; {@code null} for an admin action (an admin's address is never
 *                  put in a user's mail)
 * @param byAdmin   whether an administrator did it
 * @param labels    the device labels concerned ({@code null} for an unnamed device); empty when unknown
 * @param variant   for {@link Kind#DEVICE_ADDED}: {@code enrolled}, {@code imported} or {@code migrated}; for
 *                  {@link Kind#LOCKOUT}: {@code waiting} or {@code locked}; for {@link Kind#RECOVERY_CODE_USED}: the
 *                  number of recovery codes left, or {@code null} when unknown
 */
public record Notice(Kind kind, String realmId, String userId, long time, String clientId, String ipAddress,
                     boolean byAdmin, List<String> labels, String variant) {

    public Notice {
        labels = labels == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(labels));
    }

    /** The kinds of mail, each with its realm switch, template and subject. */
    public enum Kind {
        DEVICE_ADDED("device-added", "totpGuardMailDeviceAddedSubject"),
        DEVICE_REMOVED("device-removed", "totpGuardMailDeviceRemovedSubject"),
        DEVICES_RESET("devices-reset", "totpGuardMailDevicesResetSubject"),
        LOCKOUT("lockout", "totpGuardMailLockoutSubject"),
        RECOVERY_CODE_USED("recovery-code-used", "totpGuardMailRecoveryCodeSubject");

        private final String id;
        private final String subjectKey;

        Kind(String id, String subjectKey) {
            this.id = id;
            this.subjectKey = subjectKey;
        }

        /** The realm attribute that turns this kind off when set to {@code false}. */
        public String setting() {
            return NotifySettings.PREFIX + id;
        }

        /** The template name under the email theme's {@code html/} and {@code text/}. */
        public String template() {
            return "totp-guard-" + id + ".ftl";
        }

        public String subjectKey() {
            return subjectKey;
        }
    }
}
