package dev.totpguard.enroll;


import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.ceremony.Verdict;
import dev.totpguard.confirm.CeremonyGate;
import dev.totpguard.confirm.CodeConfirmation;
import dev.totpguard.credential.DeviceRules;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.RequiredActions;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.grace.Grace;
import dev.totpguard.metrics.TotpGuardMetrics;
import dev.totpguard.recovery.AfterRecoveryCode;
import dev.totpguard.recovery.EnrollRecovery;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Enrolls a TOTP device: shows a QR code and the key, and stores the device once the user proves it works by typing a
 * code. The seed lives only in the authentication session (server side) until then, never in a form field; a wrong
 * code or an abandoned page stores nothing.
 */
final class TotpGuardEnrollAction implements RequiredActionProvider, CredentialRegistrator {

    static final String FIELD_CODE = "otp";
    static final String FIELD_LABEL = "userLabel";
    /** The "Later" button of a roll-out's grace period. */
    static final String FIELD_POSTPONE = "postpone";
    /** The confirmation code may come from the step before or after the server's (network delay, clock drift). */
    static final int WINDOW = 1;

    static final Logger LOG = Logger.getLogger(TotpGuardEnrollAction.class);

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // enrollment is triggered by our authenticator (setRequiredActions), an admin, or the user (Account Console)
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        EnrollConfig config = config(context);
        if (EnrollRefusals.atDeviceLimit(context, config) && !AfterRecoveryCode.in(context.getAuthenticationSession())) {
            EnrollRefusals.deviceLimitReached(context, config);
            return;
        }
        if (!ceremonyAllows(context, false)) {
            return;
        }
        if (context.getAuthenticationSession().getAuthNote(EnrollSeed.SEED_NOTE) == null) {
            TotpGuardMetrics.global().enrollmentStarted(context.getRealm().getName());
        }
        context.challenge(EnrollPages.page(context, config, null));
    }

    /**
     * Asks the ceremony policy whether this authentication may set up a device: a first device always; another one
     * only after a code of an existing device or a recovery code in this authentication. Otherwise answers the request
     * itself and returns false: the confirmation page (a code of an existing device first; on a POST, the typed code is
     * checked and, if right, the enrollment page follows), or a refusal for a mail link.
     */
    private static boolean ceremonyAllows(RequiredActionContext context, boolean posted) {
        boolean hasDevice = Devices.any(context.getUser());
        Verdict verdict = CeremonyGate.decide(context, Ceremony.FIRST_DEVICE, hasDevice, false);
        switch (verdict.decision()) {
            case ALLOW -> {
                return true;
            }
            case REFUSE -> CodeConfirmation.refuse(context, Ceremony.ANOTHER_DEVICE, verdict.reason(), "totpGuardMailLinkRefused");
            case ASK_CODE -> {
                if (!posted) {
                    context.challenge(CodeConfirmation.page(context, Ceremony.ANOTHER_DEVICE, null, null));
                } else if (CodeConfirmation.check(context, Ceremony.ANOTHER_DEVICE)) {
                    TotpGuardMetrics.global().enrollmentStarted(context.getRealm().getName());
                    context.challenge(EnrollPages.page(context, config(context), null));
                }
            }
        }
        return false;
    }

    @Override
    public void processAction(RequiredActionContext context) {
        EnrollConfig config = config(context);
        EventBuilder event = context.getEvent().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, TotpGuardCredentialModel.TYPE);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String typed = DeviceRules.normaliseLabel(form.getFirst(FIELD_LABEL));
        String label = typed == null ? "" : typed;
        // the policy first: whatever the POST carries, no seed is shown to an authentication that may not add a device
        if (!ceremonyAllows(context, true)) {
            return;
        }
        if (form.containsKey(FIELD_POSTPONE)) {
            postpone(context, config);
            return;
        }
        if (form.containsKey(EnrollRecovery.FIELD_REMOVE)) {
            EnrollRecovery.removeDevice(context, form.getFirst(EnrollRecovery.FIELD_REMOVE));
            context.challenge(EnrollPages.page(context, config, null));
            return;
        }

        EnrollConfirmation.confirm(context, config, form, label, event);
    }

    /**
     * "Later": when the grace period and the ceremony policy allow it ({@link Grace}), this sign-in continues without a
     * device (at the level it has, never above 1); otherwise the page again, saying that setting up a device is now
     * mandatory.
     */
    private static void postpone(RequiredActionContext context, EnrollConfig config) {
        if (!Grace.postpone(context, config.grace(), demandedByFlow(context), TotpGuardEnrollActionFactory.PROVIDER_ID)) {
            context.challenge(EnrollPages.page(context, config, new FormMessage(null, "totpGuardPostponeOver")));
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        EnrollSeed.clearNotes(authSession);
        authSession.removeAuthNote(RequiredActions.SETUP_DEMANDED_NOTE);
        context.success();
    }

    /** A flow sent a user without a device here (not the user from the Account Console, not an admin). */
    static boolean demandedByFlow(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return "true".equals(authSession.getAuthNote(RequiredActions.SETUP_DEMANDED_NOTE))
                && !TotpGuardEnrollActionFactory.PROVIDER_ID.equals(authSession.getClientNote(Constants.KC_ACTION_EXECUTING));
    }

    @Override
    public void initiatedActionCanceled(KeycloakSession session, AuthenticationSessionModel authSession) {
        EnrollSeed.clearNotes(authSession);
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authenticationSession) {
        return TotpGuardCredentialModel.TYPE;
    }

    @Override
    public void close() {
    }

    /** The configuration; a bad stored value (validation bypassed) falls back to the safe defaults, never to a broken page. */
    static EnrollConfig config(RequiredActionContext context) {
        return EnrollConfig.orDefaults(context.getRealm(), context.getConfig() == null ? null : context.getConfig().getConfig());
    }
}
