package dev.totpguard.audit;

import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.guard.Attempt;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;

/**
 * The user event of a checked code, the same for every way in: which device, and for a refusal why (never the code).
 * A success adds its details to the flow's {@code LOGIN} event; a refusal sends a {@code LOGIN_ERROR} event at once.
 */
public final class AttemptEvents {

    /** {@link AuditDetails#LOCK_SOURCE} for our own per-user limit. */
    public static final String LOCK_SOURCE_TOTP_GUARD = "totp-guard";
    /** {@link AuditDetails#LOCK_SOURCE} for Keycloak's brute-force detection. */
    public static final String LOCK_SOURCE_REALM = "realm";

    private AttemptEvents() {
    }

    /**
     * Adds the attempt's details to {@code event}; for a refusal, sends a {@code LOGIN_ERROR} copy with
     * {@code invalid_user_credentials}.
     */
    public static void record(EventBuilder event, Attempt attempt) {
        event.detail(Details.CREDENTIAL_TYPE, TotpGuardCredentialModel.TYPE);
        if (attempt.credentialId() != null) {
            event.detail(Details.SELECTED_CREDENTIAL_ID, attempt.credentialId())
                    .detail(Details.CREDENTIAL_ID, attempt.credentialId());
        }
        if (attempt.label() != null) {
            event.detail(Details.CREDENTIAL_USER_LABEL, attempt.label());
        }
        if (attempt.success()) {
            event.detail(AuditDetails.SKEW, Long.toString(attempt.skew()))
                    .detail(AuditDetails.DRIFT, Integer.toString(attempt.drift()));
            if (attempt.outcome() == Attempt.Outcome.RESYNCED) {
                event.detail(AuditDetails.REASON, attempt.outcome().reason());
            }
            return;
        }
        EventBuilder error = event.clone().detail(AuditDetails.REASON, attempt.outcome().reason())
                .detail(AuditDetails.FAILURES, Integer.toString(attempt.failures()));
        if (attempt.outcome() == Attempt.Outcome.WAITING || attempt.outcome() == Attempt.Outcome.LOCKED) {
            error.detail(AuditDetails.LOCK_SOURCE, LOCK_SOURCE_TOTP_GUARD);
        }
        if (attempt.transition().reason() != null) {
            error.detail(AuditDetails.STARTED, attempt.transition().reason());
        }
        error.error(Errors.INVALID_USER_CREDENTIALS);
    }

    /** A code refused because Keycloak's brute-force detection locks the user; {@code error} is Keycloak's event error. */
    public static void realmLock(EventBuilder event, String error) {
        event.clone().detail(Details.CREDENTIAL_TYPE, TotpGuardCredentialModel.TYPE)
                .detail(AuditDetails.REASON, Attempt.Outcome.LOCKED.reason())
                .detail(AuditDetails.LOCK_SOURCE, LOCK_SOURCE_REALM).error(error);
    }
}
