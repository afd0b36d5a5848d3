package dev.totpguard.console;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of Keycloak's admin events are its Unlock buttons (pure: names and paths only). Keycloak 26.7's
 * {@code AttackDetectionResource} records both as resource type {@code USER_LOGIN_FAILURE}, operation {@code DELETE}:
 * <ul>
 *   <li>one user ({@code DELETE /admin/realms/{realm}/attack-detection/brute-force/users/{userId}}, the user's
 *       "Temporarily locked" switch): path {@code attack-detection/brute-force/users/{userId}}, sent only when Keycloak
 *       held a login-failure record for the user (which it does once its brute-force detection counted a failure);</li>
 *   <li>every user ({@code DELETE …/attack-detection/brute-force/users}, "Unlock users" above the user list): path
 *       {@code attack-detection/brute-force/users}, always sent.</li>
 * </ul>
 */
final class ConsoleUnlockTriggers {

    static final String RESOURCE_TYPE = "USER_LOGIN_FAILURE";
    private static final Pattern ONE_USER = Pattern.compile("attack-detection/brute-force/users/([^/]+)");
    private static final Pattern ALL_USERS = Pattern.compile("attack-detection/brute-force/users/?");

    /** What an admin event unlocks. */
    sealed interface Target permits OneUser, AllUsers {
    }

    record OneUser(String userId) implements Target {
    }

    record AllUsers() implements Target {
    }

    private ConsoleUnlockTriggers() {
    }

    static Optional<Target> of(String resourceType, String operationType, String resourcePath, boolean failed) {
        if (failed || !RESOURCE_TYPE.equals(resourceType) || !"DELETE".equals(operationType) || resourcePath == null) {
            return Optional.empty();
        }
        if (ALL_USERS.matcher(resourcePath).matches()) {
            return Optional.of(new AllUsers());
        }
        Matcher m = ONE_USER.matcher(resourcePath);
        return m.matches() ? Optional.of(new OneUser(m.group(1))) : Optional.empty();
    }
}
