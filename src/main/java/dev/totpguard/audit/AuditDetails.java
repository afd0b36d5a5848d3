package dev.totpguard.audit;

/**
 * Names of the event details we add to Keycloak's user and admin events, snake_case like Keycloak's own. Values never
 * carry a code or a seed.
 */
public final class AuditDetails {

    /**
     * Why an attempt failed: {@code invalid}, {@code replayed}, {@code malformed}, {@code resync_required},
     * {@code no_device}, {@code error}, {@code waiting}, {@code locked}, {@code key_unavailable}, {@code unsealed}.
     */
    public static final String REASON = "reason";
    /** For an accepted code: matched step minus the server's current step. */
    public static final String SKEW = "totp_skew";
    /** The device's learned drift after the attempt, in steps. */
    public static final String DRIFT = "totp_drift";
    /** The user's consecutive failures (all devices together) after the attempt. */
    public static final String FAILURES = "consecutive_failures";
    /**
     * For {@code reason=waiting} or {@code locked}: {@code totp-guard} (our per-user limit) or {@code realm} (Keycloak's
     * brute-force detector).
     */
    public static final String LOCK_SOURCE = "lock_source";
    /** On the failure that started it: {@code waiting} (the user now waits) or {@code locked} (until an admin unlocks). */
    public static final String STARTED = "totp_started";
    /** On a refused enrollment confirmation: {@code true} when the page's secret was replaced by a fresh one. */
    public static final String SECRET_RENEWED = "totp_secret_renewed";
    /**
     * On the {@code UPDATE_CREDENTIAL} event (type {@code recovery-authn-codes}) of a sign-in passed with a Keycloak
     * recovery code instead of a TOTP code: {@code true}.
     */
    public static final String RECOVERY_CODE_USED = "recovery_code_used";
    /** With {@link #RECOVERY_CODE_USED}: how many of the user's recovery codes are left. */
    public static final String RECOVERY_CODES_LEFT = "recovery_codes_left";

    /** On a postponed enrollment: how many times the user has postponed it, this time included. */
    public static final String POSTPONED = "totp_postponed";
    /** With {@link #POSTPONED}: how many more times the user may postpone, or the last day ({@code until 2027-03-31}). */
    public static final String POSTPONES_LEFT = "totp_postpones_left";
    /**
     * On a code asked before a change of the second factor, or on a refused change: which change
     * ({@code another_device}, {@code remove_device}, {@code new_recovery_codes}).
     */
    public static final String CEREMONY = "totp_ceremony";

    private AuditDetails() {
    }
}
