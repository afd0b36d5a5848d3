package dev.totpguard.remember;

import java.util.Optional;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.RealmsResource;

/**
 * The remembered-browser cookie: HttpOnly (no script reads it), SameSite=Strict (only Keycloak's own pages send it
 * back: the prompt comes after the password form posted from Keycloak's origin), Secure when the request reached
 * Keycloak over https (as Keycloak sees it, so behind a proxy with proxy headers on), path = the realm
 * ({@code /realms/{realm}/}), lifetime = the remembered days. One per realm and browser: the last user who ticked the
 * box on that browser owns it.
 */
final class RememberCookie {

    static final String NAME = "TOTP_GUARD_REMEMBER";

    private RememberCookie() {
    }

    static Optional<String> read(KeycloakSession session) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(NAME);
        return cookie == null ? Optional.empty() : Optional.ofNullable(cookie.getValue());
    }

    static void set(KeycloakSession session, RealmModel realm, String token, int days) {
        String path = RealmsResource.realmBaseUrl(session.getContext().getUri()).build(realm.getName()).getRawPath();
        boolean https = "https".equalsIgnoreCase(session.getContext().getUri().getBaseUri().getScheme());
        NewCookie cookie = new NewCookie.Builder(NAME)
                .value(token)
                .path(path.endsWith("/") ? path : path + "/")
                .maxAge(days * 86_400)
                .httpOnly(true)
                .secure(https)
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
        session.getContext().getHttpResponse().setCookieIfAbsent(cookie);
    }
}
