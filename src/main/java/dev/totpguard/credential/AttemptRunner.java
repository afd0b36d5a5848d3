package dev.totpguard.credential;

import dev.totpguard.guard.Attempt;
import dev.totpguard.guard.GuardPolicy;
import dev.totpguard.guard.ResyncNotes;
import dev.totpguard.metrics.TotpGuardMetrics;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Runs one code attempt for any way in — the sign-in prompt, the direct grant, a "Confirm it is you" page,
 * {@code CredentialProvider.isValid}: the check on Keycloak's storage ({@link KeycloakDeviceStore#checkFor}), timed
 * and counted in the metrics under the way in. What the way in answers, and which event it sends, stays with it.
 */
public final class AttemptRunner {

    private AttemptRunner() {
    }

    /**
     * @param entry        the way in, as the metrics name it ({@code TotpGuardMetrics.ENTRY_…})
     * @param credentialId the device the user chose; blank for the user's first (default) device
     * @param code         the submitted value, {@code null} when there was none or several
     * @param notes        where a resync waits for its second code; {@code null} where there is no second request
     */
    public static Attempt run(KeycloakSession session, RealmModel realm, UserModel user, String entry,
                              String credentialId, String code, GuardPolicy policy, ResyncNotes notes) {
        long started = System.nanoTime();
        Attempt attempt = KeycloakDeviceStore.checkFor(session, realm, user).attempt(credentialId, code, policy, notes);
        TotpGuardMetrics.global().verification(realm.getName(), entry, attempt, System.nanoTime() - started);
        return attempt;
    }
}
