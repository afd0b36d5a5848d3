package dev.totpguard.remember;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Keycloak events end all of a user's remembered browsers (pure: names and paths only).
 * <ul>
 *   <li>the password changed: user event {@code UPDATE_PASSWORD}, or {@code UPDATE_CREDENTIAL} with
 *       {@code credential_type=password} (Account Console, required action, reset by email);</li>
 *   <li>admin events {@code ACTION users/{id}/reset-password} (admin sets a password) and {@code ACTION users/{id}/logout}
 *       (admin signs the user out of all sessions);</li>
 *   <li>"Sign out all devices" in the Account Console (and the same REST call with {@code ?current=true}): the
 *       {@code LOGOUT} events of {@code DELETE /realms/{realm}/account/sessions}, one per session it ends.</li>
 * </ul>
 */
final class RevocationTriggers {

    private static final Pattern ADMIN_USER_ACTION = Pattern.compile("users/([^/]+)/(reset-password|logout)");
    private static final Pattern ACCOUNT_SESSIONS = Pattern.compile(".*/realms/[^/]+/account/sessions/?");

    private RevocationTriggers() {
    }

    static boolean userEvent(String type, Map<String, String> details, String httpMethod, String requestPath) {
        if ("UPDATE_PASSWORD".equals(type)) {
            return true;
        }
        if ("UPDATE_CREDENTIAL".equals(type)) {
            return details != null && "password".equals(details.get("credential_type"));
        }
        return "LOGOUT".equals(type) && "DELETE".equalsIgnoreCase(httpMethod) && requestPath != null
                && ACCOUNT_SESSIONS.matcher(requestPath).matches();
    }

    /** The user whose remembered browsers an admin event ends, if it is one of those. */
    static Optional<String> adminEvent(String resourceType, String operationType, String resourcePath) {
        if (!"USER".equals(resourceType) || !"ACTION".equals(operationType) || resourcePath == null) {
            return Optional.empty();
        }
        Matcher m = ADMIN_USER_ACTION.matcher(resourcePath);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
