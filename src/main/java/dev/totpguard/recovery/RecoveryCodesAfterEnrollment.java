package dev.totpguard.recovery;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a user who has no recovery codes (or just used one) gets after setting up a device: Keycloak's own "Recovery
 * Authentication Codes" required action, chained after enrollment. The enrollment action's setting {@value #KEY}.
 */
public enum RecoveryCodesAfterEnrollment {
    /** Nothing: recovery codes only when the user or an admin asks for them. */
    OFF,
    /** A checkbox on the enrollment page, ticked by default: "Also create recovery codes". */
    OFFER,
    /** Always, right after the device is set up. */
    REQUIRE;

    /** The enrollment action's setting (Admin Console: "Recovery codes after enrollment"). */
    public static final String KEY = "totp-guard.recovery-codes";

    /** The setting's values, as stored: {@code off}, {@code offer}, {@code require}. */
    public static final List<String> VALUES = Arrays.stream(values()).map(RecoveryCodesAfterEnrollment::value).toList();

    /** As stored in the setting. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value as stored ({@link #VALUES}, any case). */
    public static RecoveryCodesAfterEnrollment of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
