package dev.totpguard.posture;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether a way in checks users who have a totp-guard device.
 *
 * @param result what the flow does for a user with a device on a fresh sign-in
 * @param who    whom the TOTP Guard step (or a recovery code) is asked of, in words
 * @param reason why, in words: what Keycloak runs and skips
 */
public record Verdict(Result result, String who, String reason) {

    /** The three answers. */
    public enum Result {
        /** Every fresh sign-in of a user with a device passes the TOTP Guard step (or a recovery code). */
        CHECKED("checked"),
        /** No user with a device is asked for a code. */
        NOT_CHECKED("not_checked"),
        /** Some users with a device are asked for a code, others get through without one. */
        PARTLY("partly");

        private final String value;

        Result(String value) {
            this.value = value;
        }

        @JsonValue
        public String value() {
            return value;
        }
    }
}
