package dev.totpguard.recovery;

import dev.totpguard.audit.AuditDetails;
import dev.totpguard.confirm.Evidence;
import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.RequiredActions;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import dev.totpguard.login.LevelOfAuthentication;
import dev.totpguard.metrics.TotpGuardMetrics;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The step after Keycloak's recovery-code form ({@value RecoveryCodes#FORM}) in the same sub-flow: the user got in
 * with a recovery code instead of a TOTP code, so the phone is probably lost or new. It records that at once in a user
 * event ({@code UPDATE_CREDENTIAL} of type {@value RecoveryCodes#TYPE}: one code fewer, with
 * {@link AuditDetails#RECOVERY_CODE_USED} and {@link AuditDetails#RECOVERY_CODES_LEFT}) and in the metrics, gives
 * the sign-in its configured level of authentication, and sends the user to enrollment in this same visit: set up the
 * new phone, remove the lost one, get a fresh set of recovery codes. Shows nothing itself.
 *
 * <p>It acts only when the recovery-code form of its own sub-flow succeeded in this sign-in; anywhere else it passes
 * without doing anything.
 */
final class RecoveryCodeFollowUp implements Authenticator {

    private static final Logger LOG = Logger.getLogger(RecoveryCodeFollowUp.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (!recoveryCodeAccepted(context)) {
            LOG.debugf("totp-guard: %s in realm %s follows no successful %s in its sub-flow; nothing to do",
                    RecoveryCodeFollowUpFactory.PROVIDER_ID, context.getRealm().getName(), RecoveryCodes.FORM);
            context.success();
            return;
        }
        UserModel user = context.getUser();
        RealmModel realm = context.getRealm();
        int left = RecoveryCodes.left(user);
        // an event of its own, now: the flow's LOGIN event comes only after the required actions that follow (a later
        // request, another event builder), and not at all if the user leaves the page
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, RecoveryCodes.TYPE)
                .detail(AuditDetails.RECOVERY_CODE_USED, "true")
                .detail(AuditDetails.RECOVERY_CODES_LEFT, Integer.toString(left))
                .success();
        TotpGuardMetrics.global().recoveryCodeUsed(realm.getName(), left);
        LevelOfAuthentication.raise(context);

        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // the lost-phone path: this authentication may now remove the lost device and set up a new one
        Evidence.recoveryCodeAccepted(authSession);
        String enroll = TotpGuardCredentialProviderFactory.ENROLL_ACTION;
        if (RequiredActions.enabledIn(realm, enroll)) {
            AfterRecoveryCode.mark(authSession, left);
            if (!authSession.getRequiredActions().contains(enroll)) {
                authSession.addRequiredAction(enroll);
            }
        } else {
            LOG.warnf("totp-guard: user %s signed in with a recovery code in realm %s, but required action %s is off: "
                    + "the user cannot set up a new device", user.getId(), realm.getName(), enroll);
        }
        context.success();
    }

    /** Whether an execution of Keycloak's recovery-code form in this step's sub-flow succeeded in this sign-in. */
    private static boolean recoveryCodeAccepted(AuthenticationFlowContext context) {
        var statuses = context.getAuthenticationSession().getExecutionStatus();
        return context.getRealm().getAuthenticationExecutionsStream(context.getExecution().getParentFlow())
                .filter(e -> RecoveryCodes.FORM.equals(e.getAuthenticator()))
                .anyMatch(e -> statuses.get(e.getId()) == AuthenticationSessionModel.ExecutionStatus.SUCCESS);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /** Always: it is no credential of its own, so it never keeps a sub-flow from counting as configured. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
