package dev.totpguard.admin;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.guard.Standing;

/**
 * What a device's counters mean for its next sign-in attempt: the check's own reading ({@link Standing}), plus what the
 * admin view alone can see (a seed that is not sealed, data that cannot be read).
 */
public enum DeviceState {
    /** accepts codes */
    ACTIVE,
    /** the user had too many failures: refuses codes until {@code waitUntil} */
    WAITING,
    /** {@code consecutiveFailures} reached "lockout after": refuses codes until an admin unlocks the user */
    LOCKED,
    /** its seed is not sealed by the totp-guard keys (written outside totp-guard): refused until an admin seals it */
    UNSEALED,
    /** the stored public data cannot be read */
    UNREADABLE;

    /**
     * @param sealed       whether the stored seed is sealed by our keys
     * @param lockoutAfter the strictest "lockout after" among the realm's sign-in executions
     */
    public static DeviceState of(TotpGuardCredentialModel.Data data, boolean sealed, long nowMillis, int lockoutAfter) {
        if (data == null) {
            return UNREADABLE;
        }
        if (!sealed) {
            return UNSEALED;
        }
        return switch (Standing.of(data.failures(), data.waitUntil(), lockoutAfter, nowMillis)) {
            case LOCKED_OUT -> LOCKED;
            case WAITING -> WAITING;
            case FREE -> ACTIVE;
        };
    }

    /** Lower case in JSON, like the reasons in events. */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
