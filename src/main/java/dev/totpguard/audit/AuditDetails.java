package dev.totpguard.audit;

/**
 * Names of the event details we add to Keycloak's user and admin events, snake_case like Keycloak's own. Values never
 * carry a code or a seed.
 */
public final class AuditDetails {

    /** Why an attempt failed: {@code invalid}, {@code replayed}, {@code malformed}, {@code locked}, {@code no_device}… */
    public static final String REASON = "reason";
    /** For an accepted code: matched step minus the server's current step. */
    public static final String SKEW = "totp_skew";
    /** The device's learned drift after the attempt, in steps. */
    public static final String DRIFT = "totp_drift";
    /** The device's consecutive failures after the attempt. */
    public static final String FAILURES = "consecutive_failures";
    /** For {@code reason=locked}: {@code realm} (Keycloak's brute-force detector) or {@code device} (our limit). */
    public static final String LOCK_SOURCE = "lock_source";

    private AuditDetails() {
    }
}
