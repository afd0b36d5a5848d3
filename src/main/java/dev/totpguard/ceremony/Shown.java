package dev.totpguard.ceremony;

import java.util.OptionalLong;

/**
 * What the authentication under way has shown about the user, as Keycloak recorded it.
 *
 * @param password       a step that checks the password succeeded in this authentication
 * @param ssoCookie      the browser's single-sign-on cookie identified the user (an existing session)
 * @param codeAt         when a code of one of the user's devices was accepted in this authentication (epoch seconds)
 * @param recoveryCodeAt when a recovery code was accepted in this authentication (epoch seconds)
 */
public record Shown(boolean password, boolean ssoCookie, OptionalLong codeAt, OptionalLong recoveryCodeAt) {

    /**
     * Where the Keycloak side keeps {@link #codeAt} on a single-sign-on session (a user-session note, epoch seconds), so
     * that later requests on that session (an application-initiated action, a bearer token of it) find it.
     */
    public static final String SESSION_NOTE_CODE_AT = "totp-guard.shown.code-at";

    public static final Shown NOTHING = new Shown(false, false, OptionalLong.empty(), OptionalLong.empty());

    /**
     * Only a link from a mail (an execute-actions or reset mail): neither the password nor an existing session, and no
     * second factor.
     */
    public boolean mailLinkOnly() {
        return !password && !ssoCookie && codeAt.isEmpty() && recoveryCodeAt.isEmpty();
    }
}
