package dev.totpguard.posture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import dev.totpguard.guard.PolicyConfig;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;

/**
 * Realm settings that work against TOTP Guard: invalid configs of our executions (which then refuse every code: fail
 * closed), the enrollment required action turned off, Keycloak's own OTP enrollment next to ours, and recovery codes
 * offered after enrollment while Keycloak's recovery-codes required action is off. Names settings, never their values.
 */
public final class PostureProblems {

    /**
     * One problem.
     *
     * @param problem {@code invalid-config}, {@code enroll-action-off}, {@code built-in-otp-action-on},
     *                {@code recovery-codes-action-off}
     * @param where   the flow, execution and config, or the required action
     * @param setting the setting at fault, when one is
     * @param message what happens, and what to change
     */
    public record Problem(String problem, String where, String setting, String message) {
    }

    /** Executions whose config {@link PolicyConfig} reads. */
    static final Set<String> CONFIGURED_STEPS = Set.of("totp-guard-form", "totp-guard-direct-grant",
            "totp-guard-after-recovery-code");

    /** The enrollment action's setting for recovery codes (see the enrollment config), and its default. */
    static final String RECOVERY_CODES_SETTING = "totp-guard.recovery-codes";
    static final String RECOVERY_CODES_DEFAULT = "offer";

    private PostureProblems() {
    }

    public static List<Problem> of(KeycloakSession session, RealmModel realm) {
        List<Problem> problems = new ArrayList<>();
        realm.getAuthenticationFlowsStream().forEach(flow -> realm.getAuthenticationExecutionsStream(flow.getId())
                .filter(e -> e.getAuthenticator() != null && CONFIGURED_STEPS.contains(e.getAuthenticator())
                        && e.getAuthenticatorConfig() != null)
                .forEach(e -> invalidConfig(realm, flow, e, problems)));
        String enroll = TotpGuardCredentialProviderFactory.ENROLL_ACTION;
        if (!enabled(realm, enroll)) {
            problems.add(new Problem("enroll-action-off", "required action " + enroll, null,
                    "the enrollment required action is off: users who must set up a device are told to contact the"
                            + " administrator; turn it on under Authentication → Required actions"));
        }
        String builtIn = UserModel.RequiredAction.CONFIGURE_TOTP.name();
        if (enabled(realm, builtIn)) {
            problems.add(new Problem("built-in-otp-action-on", "required action " + builtIn, null,
                    "Keycloak's own Configure OTP is on next to " + enroll + ": users can set up built-in OTP"
                            + " credentials, which TOTP Guard's steps do not check; turn it off"));
        }
        if (offersRecoveryCodes(session, realm) && !enabled(realm, RecoveryCodes.ACTION)) {
            problems.add(new Problem("recovery-codes-action-off", "required action " + RecoveryCodes.ACTION,
                    RECOVERY_CODES_SETTING, "the enrollment action offers recovery codes, but Keycloak's Recovery"
                    + " Authentication Codes required action is missing or off: turn it on, or set "
                    + RECOVERY_CODES_SETTING + " to off"));
        }
        return problems;
    }

    private static void invalidConfig(RealmModel realm, AuthenticationFlowModel flow, AuthenticationExecutionModel e,
                                      List<Problem> problems) {
        AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
        if (config == null) {
            return;
        }
        try {
            PolicyConfig.policy(config.getConfig() == null ? Map.of() : config.getConfig());
        } catch (IllegalArgumentException invalid) {
            // PolicyConfig's and GuardPolicy's messages name a setting and its allowed range, never the value
            String message = invalid.getMessage() == null ? "invalid" : invalid.getMessage();
            int colon = message.indexOf(':');
            String setting = message.startsWith("totp-guard.") && colon > 0 ? message.substring(0, colon) : null;
            problems.add(new Problem("invalid-config", "flow '" + flow.getAlias() + "', execution " + e.getAuthenticator()
                    + ", config '" + config.getAlias() + "'", setting, message
                    + "; this execution refuses every code until the config is fixed"));
        }
    }

    /** Whether the enrollment action offers or requires recovery codes (its defaults, when its config is invalid). */
    private static boolean offersRecoveryCodes(KeycloakSession session, RealmModel realm) {
        String enroll = TotpGuardCredentialProviderFactory.ENROLL_ACTION;
        RequiredActionConfigModel config = realm.getRequiredActionConfigByAlias(enroll);
        if (config == null || config.getConfig() == null) {
            return true;
        }
        RequiredActionFactory factory = (RequiredActionFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RequiredActionProvider.class, enroll);
        try {
            if (factory != null) {
                factory.validateConfig(session, realm, config);
            }
        } catch (RuntimeException invalid) {
            return true; // the action ignores an invalid config as a whole: the defaults offer codes
        }
        String value = config.getConfig().get(RECOVERY_CODES_SETTING);
        return !"off".equals(value == null ? RECOVERY_CODES_DEFAULT : value.strip());
    }

    private static boolean enabled(RealmModel realm, String providerId) {
        return realm.getRequiredActionProvidersStream()
                .anyMatch((RequiredActionProviderModel a) -> providerId.equals(a.getProviderId()) && a.isEnabled());
    }
}
