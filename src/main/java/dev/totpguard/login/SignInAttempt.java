package dev.totpguard.login;

import dev.totpguard.audit.AttemptEvents;
import dev.totpguard.credential.AttemptRunner;
import dev.totpguard.guard.Attempt;
import dev.totpguard.guard.ResyncNotes;
import dev.totpguard.metrics.TotpGuardMetrics;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.UserModel;

/**
 * A code posted to a sign-in step (the browser prompt, the direct grant), up to the answer, which stays with the step:
 * <ol>
 *   <li>an invalid execution config refuses every code, never checked with looser settings, nothing counted
 *       ({@link ExecutionPolicy#refused});</li>
 *   <li>a user Keycloak's brute-force detection locks is refused whatever was typed, not counted again, with an event
 *       and a metric that say so;</li>
 *   <li>otherwise the code is checked ({@link AttemptRunner}) and the event recorded ({@link AttemptEvents}).</li>
 * </ol>
 *
 * @param refusal why no code was checked, {@code null} when one was
 * @param attempt the checked attempt, {@code null} when refused
 * @param policy  the execution's settings (its remember-browser days, for the prompt)
 */
record SignInAttempt(Refusal refusal, Attempt attempt, ExecutionPolicy policy) {

    /** Why a sign-in step checked no code. */
    enum Refusal {
        /** the execution's config is invalid */
        CONFIG_INVALID,
        /** Keycloak's brute-force detection locks the user */
        REALM_LOCK
    }

    /**
     * @param entry        the way in, as the metrics name it ({@code TotpGuardMetrics.ENTRY_…})
     * @param credentialId the device the user chose; {@code null} for the default device
     * @param code         the one submitted value, {@code null} when there was none or several
     * @param notes        where a resync waits for its second code; {@code null} for a one-request way in
     */
    static SignInAttempt run(AuthenticationFlowContext context, String entry, String credentialId, String code,
                             ResyncNotes notes) {
        UserModel user = context.getUser();
        EventBuilder event = context.getEvent().user(user);
        ExecutionPolicy execution = ExecutionPolicy.of(context);
        if (execution.refused(context, event)) {
            return new SignInAttempt(Refusal.CONFIG_INVALID, null, execution);
        }
        String realmLock = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
        if (realmLock != null) {
            AttemptEvents.realmLock(event, realmLock);
            TotpGuardMetrics.global().refusedByRealmLock(context.getRealm().getName(), entry);
            return new SignInAttempt(Refusal.REALM_LOCK, null, execution);
        }
        Attempt attempt = AttemptRunner.run(context.getSession(), context.getRealm(), user, entry, credentialId, code,
                execution.policy(), notes);
        AttemptEvents.record(event, attempt);
        return new SignInAttempt(null, attempt, execution);
    }
}
