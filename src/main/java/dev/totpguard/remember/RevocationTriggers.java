package dev.totpguard.remember;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.totpguard.audit.AuditDetails;
import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.TotpGuardCredentialModel;
import org.keycloak.events.Details;

/**
 * Which Keycloak events end all of a user's remembered browsers (pure: names, paths and details only).
 * <ul>
 *   <li>the password changed: user event {@code UPDATE_PASSWORD}, or {@code UPDATE_CREDENTIAL} with
 *       {@code credential_type=password} (Account Console, required action, reset by email);</li>
 *   <li>a device removed by the user: {@code REMOVE_CREDENTIAL} with {@code credential_type=totp-guard} (the Account
 *       Console's {@code delete_credential} action, the Account REST {@code DELETE account/credentials/{id}}, the
 *       enrollment page after a recovery code);</li>
 *   <li>a sign-in with a recovery code: {@code UPDATE_CREDENTIAL} with {@code credential_type=recovery-authn-codes} and
 *       {@code recovery_code_used=true} (the phone is probably lost);</li>
 *   <li>admin events {@code ACTION users/{id}/reset-password} (admin sets a password), {@code ACTION users/{id}/logout}
 *       (admin signs the user out of all sessions), {@code DELETE users/{id}/totp-guard/devices/{credentialId}} (our
 *       admin API removes a device) and Keycloak's own {@code users/{id}/credentials/{credentialId}} for a credential of
 *       type {@code totp-guard};</li>
 *   <li>"Sign out all devices" in the Account Console (and the same REST call with {@code ?current=true}): the
 *       {@code LOGOUT} events of {@code DELETE /realms/{realm}/account/sessions}, one per session it ends.</li>
 * </ul>
 * The admin reset ({@code POST …/totp-guard/users/{id}/reset}) revokes them itself, in the same request.
 */
final class RevocationTriggers {

    private static final String DEVICE_TYPE = TotpGuardCredentialModel.TYPE;
    private static final String CREDENTIAL_TYPE = Details.CREDENTIAL_TYPE;
    private static final Pattern ADMIN_USER_ACTION = Pattern.compile("users/([^/]+)/(reset-password|logout)");
    private static final Pattern ADMIN_DEVICE_REMOVAL = Pattern.compile("users/([^/]+)/totp-guard/devices/[^/]+");
    private static final Pattern KEYCLOAK_CREDENTIAL_REMOVAL = Pattern.compile("users/([^/]+)/credentials/[^/]+");
    private static final Pattern ACCOUNT_SESSIONS = Pattern.compile(".*/realms/[^/]+/account/sessions/?");

    private RevocationTriggers() {
    }

    static boolean userEvent(String type, Map<String, String> details, String httpMethod, String requestPath) {
        String credentialType = details == null ? null : details.get(CREDENTIAL_TYPE);
        if ("UPDATE_PASSWORD".equals(type)) {
            return true;
        }
        if ("UPDATE_CREDENTIAL".equals(type)) {
            return "password".equals(credentialType)
                    || RecoveryCodes.TYPE.equals(credentialType) && "true".equals(details.get(AuditDetails.RECOVERY_CODE_USED));
        }
        if ("REMOVE_CREDENTIAL".equals(type)) {
            return DEVICE_TYPE.equals(credentialType);
        }
        return "LOGOUT".equals(type) && "DELETE".equalsIgnoreCase(httpMethod) && requestPath != null
                && ACCOUNT_SESSIONS.matcher(requestPath).matches();
    }

    /** The user whose remembered browsers an admin event ends, if it is one of those. */
    static Optional<String> adminEvent(String resourceType, String operationType, String resourcePath,
                                       Map<String, String> details) {
        if (!"USER".equals(resourceType) || operationType == null || resourcePath == null) {
            return Optional.empty();
        }
        Matcher m = ADMIN_USER_ACTION.matcher(resourcePath);
        if ("ACTION".equals(operationType) && m.matches()) {
            return Optional.of(m.group(1));
        }
        m = ADMIN_DEVICE_REMOVAL.matcher(resourcePath);
        if ("DELETE".equals(operationType) && m.matches()) {
            return Optional.of(m.group(1));
        }
        // Keycloak 26 records its credential removal as ACTION (DELETE accepted too), with the removed type as detail
        m = KEYCLOAK_CREDENTIAL_REMOVAL.matcher(resourcePath);
        if (("ACTION".equals(operationType) || "DELETE".equals(operationType)) && m.matches()
                && details != null && DEVICE_TYPE.equals(details.get(CREDENTIAL_TYPE))) {
            return Optional.of(m.group(1));
        }
        return Optional.empty();
    }
}
