package dev.totpguard.credential;

import java.util.OptionalLong;
import java.util.regex.Pattern;

import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.ceremony.CeremonyPolicy;
import dev.totpguard.ceremony.Shown;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The account REST API's {@code DELETE /realms/{realm}/account/credentials/{id}} removes a credential with a bearer
 * token alone; Keycloak checks only the token's level against its level-of-authentication map, where a TOTP Guard
 * device has none. So a token from a sign-in with the password and a remembered browser could remove the user's device.
 * The ceremony policy ({@link Ceremony#REMOVE_DEVICE}) decides here too: the removal goes ahead only when the token's
 * single-sign-on session accepted a code of a device within the last {@link CeremonyPolicy#DEFAULT_MAX_AGE_SECONDS}
 * seconds (a REST call has no page to ask for one); otherwise Keycloak answers 400 ("Credential type cannot be
 * removed") and nothing changes. The Account Console removes devices through {@code delete_credential}, which asks for
 * the code itself.
 */
final class AccountRestRemoval {

    private static final Pattern PATH = Pattern.compile(".*/realms/[^/]+/account/credentials/[^/]+/?");
    private static final Logger LOG = Logger.getLogger(AccountRestRemoval.class);

    private AccountRestRemoval() {
    }

    /** False only for an account REST removal on a session that accepted no code lately. */
    static boolean allowed(KeycloakSession session) {
        HttpRequest request = session.getContext() == null ? null : session.getContext().getHttpRequest();
        if (request == null || !"DELETE".equalsIgnoreCase(request.getHttpMethod()) || session.getContext().getUri() == null
                || !PATH.matcher(session.getContext().getUri().getRequestUri().getRawPath()).matches()) {
            return true;
        }
        UserSessionModel userSession = userSession(session);
        String note = userSession == null ? null : userSession.getNote(Shown.SESSION_NOTE_CODE_AT);
        OptionalLong codeAt = note != null && note.matches("[0-9]{1,12}") ? OptionalLong.of(Long.parseLong(note))
                : OptionalLong.empty();
        boolean allowed = CeremonyPolicy.decide(Ceremony.REMOVE_DEVICE, true,
                new Shown(false, false, codeAt, OptionalLong.empty()), Time.currentTime(),
                CeremonyPolicy.DEFAULT_MAX_AGE_SECONDS, 0, 0, false).allowed();
        if (!allowed) {
            LOG.debugf("totp-guard: account REST removal of a device refused: the token's session accepted no code in "
                    + "the last %d s (user session %s)", CeremonyPolicy.DEFAULT_MAX_AGE_SECONDS,
                    userSession == null ? "none" : userSession.getId());
        }
        return allowed;
    }

    private static UserSessionModel userSession(KeycloakSession session) {
        if (session.getContext().getUserSession() != null) {
            return session.getContext().getUserSession();
        }
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        return auth == null ? null : auth.getSession(); // getSession(): session() (the record accessor) is missing in 26.4
    }
}
