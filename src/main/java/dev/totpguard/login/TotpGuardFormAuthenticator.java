package dev.totpguard.login;

import java.util.List;

import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.ceremony.CeremonyPolicy;
import dev.totpguard.confirm.CeremonyGate;
import dev.totpguard.confirm.CodePage;
import dev.totpguard.confirm.Evidence;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.RequiredActions;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.credential.TotpGuardCredentialProvider;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import dev.totpguard.guard.Attempt;
import dev.totpguard.guard.ResyncNotes;
import dev.totpguard.metrics.TotpGuardMetrics;
import dev.totpguard.remember.RememberedPrompt;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.CredentialValidator;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.ErrorPage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The TOTP prompt of a sign-in flow. Every failure looks the same to the user (one generic message on the code field);
 * the {@code LOGIN_ERROR} event tells auditors why, without the code.
 */
final class TotpGuardFormAuthenticator implements Authenticator, CredentialValidator<TotpGuardCredentialProvider> {

    static final String FIELD_CODE = CodePage.FIELD_CODE;
    static final String FIELD_DEVICE = CodePage.FIELD_DEVICE;
    static final String TEMPLATE = CodePage.TEMPLATE;
    static final String INVALID_CODE = "totpGuardInvalidCode";
    static final String NEXT_CODE = "totpGuardNextCode";
    static final String UNAVAILABLE = "totpGuardUnavailable";
    static final String SETUP_UNAVAILABLE = "totpGuardSetupUnavailable";

    private static final Logger LOG = Logger.getLogger(TotpGuardFormAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (RememberedPrompt.trySkip(context, ExecutionPolicy.of(context).rememberDays())) {
            return;
        }
        context.challenge(page(context, null, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String credentialId = form.getFirst(FIELD_DEVICE);
        // exactly one value: a duplicated field is malformed input, not a second chance
        List<String> codes = form.get(FIELD_CODE);
        String code = codes != null && codes.size() == 1 ? codes.get(0) : null;
        SignInAttempt run = SignInAttempt.run(context, TotpGuardMetrics.ENTRY_BROWSER, credentialId, code,
                ResyncNotes.of(context.getAuthenticationSession()));
        if (run.refusal() != null) {
            // an invalid config says so; a realm lockout gets the same message as a wrong code; nothing counted
            context.forceChallenge(page(context, credentialId, message(run)));
            return;
        }
        Attempt attempt = run.attempt();
        if (attempt.success()) {
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            Evidence.codeAccepted(authSession);
            if (CeremonyGate.decide(context.getSession(), context.getRealm(), authSession, Ceremony.REMEMBER_BROWSER,
                    true, false, CeremonyPolicy.DEFAULT_MAX_AGE_SECONDS).allowed()) {
                RememberedPrompt.rememberIfAsked(context, run.policy().rememberDays(), form);
            }
            LevelOfAuthentication.raise(context);
            context.success(TotpGuardCredentialModel.TYPE);
            return;
        }
        Response challenge = page(context, attempt.credentialId() != null ? attempt.credentialId() : credentialId,
                message(run));
        if (attempt.outcome().counted()) {
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, challenge);
        } else {
            context.forceChallenge(challenge);
        }
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return Devices.any(user);
    }

    /**
     * Always: when the enrollment action is off, {@link #setRequiredActions} answers with a page of ours (contact the
     * administrator) and a log line that says what to turn on, instead of Keycloak's generic "credential setup
     * required" and a bare {@code AuthenticationFlowException} in the log.
     */
    @Override
    public boolean areRequiredActionsEnabled(KeycloakSession session, RealmModel realm) {
        return true;
    }

    /** A user who must pass this form has no device: enrollment first, if the realm has it enabled. */
    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        String action = TotpGuardCredentialProviderFactory.ENROLL_ACTION;
        if (!RequiredActions.enabledIn(realm, action)) {
            LOG.warnf("totp-guard: user %s must set up a TOTP device to sign in, but required action %s is off in "
                    + "realm %s: turn on \"%s\" in the realm's Authentication > Required actions", user.getId(), action,
                    realm.getName(), RequiredActions.ENROLL_DISPLAY_TEXT);
            throw new AuthenticationFlowException(AuthenticationFlowError.CREDENTIAL_SETUP_REQUIRED,
                    ErrorPage.error(session, authSession, Response.Status.BAD_REQUEST, SETUP_UNAVAILABLE));
        }
        // this sign-in checks no code: enrollment must end with a device of its own (see the enrollment action)
        authSession.setAuthNote(RequiredActions.SETUP_DEMANDED_NOTE, "true");
        if (!authSession.getRequiredActions().contains(action)) {
            authSession.addRequiredAction(action);
        }
    }

    @Override
    public List<RequiredActionFactory> getRequiredActions(KeycloakSession session) {
        return List.of((RequiredActionFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RequiredActionProvider.class, TotpGuardCredentialProviderFactory.ENROLL_ACTION));
    }

    @Override
    public void close() {
    }

    /**
     * Names our credential type to Keycloak's choice among alternatives ("Try another way"): a user with a device and
     * recovery codes gets the code prompt first (devices are stored ahead of recovery codes in the user's credential
     * order, which Keycloak follows), not the recovery-code form.
     */
    @Override
    public TotpGuardCredentialProvider getCredentialProvider(KeycloakSession session) {
        return TotpGuardCredentialProvider.of(session);
    }

    /**
     * What the prompt says after a refused code: an invalid config or a seed that cannot be opened is the server's
     * fault ({@value #UNAVAILABLE}); a resync asks for the next code; everything else — a wrong, replayed or malformed
     * code, a wait, a lockout by us or by the realm — reads the same ({@value #INVALID_CODE}), so it tells an attacker
     * nothing.
     */
    static String message(SignInAttempt run) {
        if (run.refusal() != null) {
            return run.refusal() == SignInAttempt.Refusal.CONFIG_INVALID ? UNAVAILABLE : INVALID_CODE;
        }
        return switch (run.attempt().outcome()) {
            case RESYNC_REQUIRED -> NEXT_CODE;
            case UNAVAILABLE, UNSEALED -> UNAVAILABLE;
            default -> INVALID_CODE;
        };
    }

    private static Response page(AuthenticationFlowContext context, String credentialId, String error) {
        List<TotpGuardCredentialModel> devices = Devices.of(context.getUser()).toList();
        LoginFormsProvider form = context.form().setAttribute("totpGuard", CodePage.of(devices, credentialId))
                .setAttribute("totpGuardRememberDays", ExecutionPolicy.of(context).rememberDays());
        if (error != null) {
            form.addError(new FormMessage(FIELD_CODE, error));
        }
        return form.createForm(TEMPLATE);
    }
}
