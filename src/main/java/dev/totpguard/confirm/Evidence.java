package dev.totpguard.confirm;

import java.util.Map;
import java.util.OptionalLong;

import dev.totpguard.ceremony.Shown;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.CommonClientSessionModel;

/**
 * What the authentication under way has shown ({@link Shown}), read from what Keycloak and our steps recorded in the
 * authentication session: which steps succeeded (a password step, the single-sign-on cookie), and when a code of a
 * device or a recovery code was accepted (notes written by the code prompt, the confirmation and the step after a
 * recovery code). The notes live and die with the authentication session, except the time of the last code, which the
 * single-sign-on session keeps too: a new sign-in without that session starts with nothing.
 */
public final class Evidence {

    static final String CODE_AT = Shown.SESSION_NOTE_CODE_AT;
    static final String RECOVERY_CODE_AT = "totp-guard.shown.recovery-code-at";
    /** Keycloak's cookie authenticator. */
    static final String COOKIE_AUTHENTICATOR = "auth-cookie";
    /** Our direct-grant step: a direct grant is one request, so its success is a code accepted in it. */
    static final String DIRECT_GRANT_STEP = "totp-guard-direct-grant";

    private Evidence() {
    }

    /**
     * A code of one of the user's devices was accepted in this authentication, now. Also noted on the user session that
     * this authentication creates or joins, so that an application-initiated action on the same single sign-on (the
     * Account Console's <em>Delete</em> right after signing in with a code) finds it, within the action's maximum age.
     */
    public static void codeAccepted(AuthenticationSessionModel authSession) {
        String now = Long.toString(Time.currentTime());
        authSession.setAuthNote(CODE_AT, now);
        authSession.setUserSessionNote(CODE_AT, now);
    }

    /** A recovery code was accepted in this authentication, now. */
    public static void recoveryCodeAccepted(AuthenticationSessionModel authSession) {
        authSession.setAuthNote(RECOVERY_CODE_AT, Long.toString(Time.currentTime()));
    }

    public static Shown shown(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        boolean cookie = "true".equals(authSession.getAuthNote(AuthenticationManager.SSO_AUTH))
                || succeeded(realm, authSession, COOKIE_AUTHENTICATOR);
        OptionalLong codeAt = at(authSession.getAuthNote(CODE_AT));
        if (codeAt.isEmpty() && cookie) {
            codeAt = ofSession(session, authSession);
        }
        return new Shown(passwordChecked(session, realm, authSession), cookie, codeAt,
                at(authSession.getAuthNote(RECOVERY_CODE_AT)));
    }

    /**
     * Whether this authentication has shown a second factor of ours: a code of one of the user's devices or a recovery
     * code accepted (at any time of it), or our direct-grant step succeeded in it.
     */
    public static boolean secondFactorShown(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        Shown shown = shown(session, realm, authSession);
        return shown.codeAt().isPresent() || shown.recoveryCodeAt().isPresent()
                || succeeded(realm, authSession, DIRECT_GRANT_STEP);
    }

    /** When the single-sign-on session this authentication joined last accepted a code of the same user's device. */
    private static OptionalLong ofSession(KeycloakSession session, AuthenticationSessionModel authSession) {
        UserSessionModel userSession = new AuthenticationSessionManager(session).getUserSession(authSession);
        if (userSession == null || authSession.getAuthenticatedUser() == null || userSession.getUser() == null
                || !userSession.getUser().getId().equals(authSession.getAuthenticatedUser().getId())) {
            return OptionalLong.empty();
        }
        return at(userSession.getNote(CODE_AT));
    }

    /**
     * Whether an execution whose authenticator checks passwords (reference category {@code password}) succeeded in this
     * authentication. A flow that identifies the user otherwise (a mail link, a broker, username only) shows none.
     */
    public static boolean passwordChecked(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        for (Map.Entry<String, CommonClientSessionModel.ExecutionStatus> status : authSession.getExecutionStatus().entrySet()) {
            if (status.getValue() != CommonClientSessionModel.ExecutionStatus.SUCCESS) {
                continue;
            }
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(status.getKey());
            if (execution == null || execution.getAuthenticator() == null) {
                continue;
            }
            if (session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class,
                    execution.getAuthenticator()) instanceof AuthenticatorFactory factory
                    && PasswordCredentialModel.TYPE.equals(factory.getReferenceCategory())) {
                return true;
            }
        }
        return false;
    }

    private static boolean succeeded(RealmModel realm, AuthenticationSessionModel authSession,
                                     String authenticator) {
        return authSession.getExecutionStatus().entrySet().stream()
                .filter(e -> e.getValue() == CommonClientSessionModel.ExecutionStatus.SUCCESS)
                .map(e -> realm.getAuthenticationExecutionById(e.getKey()))
                .anyMatch(e -> e != null && authenticator.equals(e.getAuthenticator()));
    }

    private static OptionalLong at(String value) {
        return value != null && value.matches("[0-9]{1,12}") ? OptionalLong.of(Long.parseLong(value)) : OptionalLong.empty();
    }
}
