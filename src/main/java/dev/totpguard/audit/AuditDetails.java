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

    private AuditDetails() {
    }
}
