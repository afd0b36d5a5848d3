package dev.totpguard.login;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.totpguard.audit.AuditDetails;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.guard.GuardPolicy;
import dev.totpguard.guard.PolicyConfig;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * The settings of the running execution: its config, or the defaults when it has none. A config that cannot be used
 * (see {@link PolicyConfig#policy}) gives no settings at all: the step refuses every code ({@link #refused}), never
 * runs with looser ones. Keycloak 26.7 gives authenticator factories no hook to refuse a config when it is saved (the
 * admin REST API stores any value, a realm import too), so this is where an invalid config is caught.
 * Its window, drift and resync are the execution's own; its failure limit, waits and lockout count only together with
 * the realm's strictest ({@link dev.totpguard.credential.KeycloakDeviceStore#checkFor}), so the laxest execution never decides.
 *
 * @param policy         how codes are judged; {@code null} when the config is invalid
 * @param rememberDays   for how many days this execution may remember a browser; 0 (never) without config or with an
 *                       invalid one
 * @param invalidSetting the setting that makes the config invalid; {@code null} when it is valid
 */
record ExecutionPolicy(GuardPolicy policy, int rememberDays, String invalidSetting) {

    /** {@code reason} of the {@code LOGIN_ERROR} event of a code refused because the execution's config is invalid. */
    static final String CONFIG_INVALID = "config_invalid";
    /** The same config, realm and setting are logged at most once in this time. */
    static final long LOG_INTERVAL_MILLIS = 5 * 60 * 1000L;
    private static final int MAX_LOGGED = 10_000;

    private static final Logger LOG = Logger.getLogger(ExecutionPolicy.class);
    private static final Map<String, Long> LAST_LOGGED = new ConcurrentHashMap<>();

    static ExecutionPolicy of(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        if (config == null || config.getConfig() == null) {
            return new ExecutionPolicy(GuardPolicy.DEFAULT, 0, null);
        }
        try {
            return new ExecutionPolicy(PolicyConfig.policy(config.getConfig()), PolicyConfig.rememberDays(config.getConfig()),
                    null);
        } catch (PolicyConfig.InvalidSettingException e) {
            return new ExecutionPolicy(null, 0, e.setting());
        }
    }

    boolean invalid() {
        return invalidSetting != null;
    }

    /**
     * When the config is invalid: sends the {@code LOGIN_ERROR} event ({@code reason=config_invalid}), logs which
     * setting of which config (never its value; once per {@link #LOG_INTERVAL_MILLIS} per realm, config and setting),
     * and answers true: the caller refuses the code without looking at it and without counting it (the fault is the
     * realm's, not the user's).
     */
    boolean refused(AuthenticationFlowContext context, EventBuilder event) {
        if (!invalid()) {
            return false;
        }
        event.clone().detail(Details.CREDENTIAL_TYPE, TotpGuardCredentialModel.TYPE)
                .detail(AuditDetails.REASON, CONFIG_INVALID).error(Errors.INVALID_CONFIG);
        String realm = context.getRealm().getName();
        String alias = context.getAuthenticatorConfig().getAlias();
        if (firstInInterval(context.getRealm().getId() + '\n' + alias + '\n' + invalidSetting, System.currentTimeMillis())) {
            LOG.errorf("totp-guard: realm %s, execution %s, config '%s': setting %s is invalid; this step refuses every "
                            + "code until the config is fixed (GET …/totp-guard/posture lists it)", realm,
                    context.getExecution().getAuthenticator(), alias, invalidSetting);
        }
        return true;
    }

    /** Whether {@code key} was not logged within the last {@link #LOG_INTERVAL_MILLIS}; records it if so. */
    static boolean firstInInterval(String key, long now) {
        if (LAST_LOGGED.size() > MAX_LOGGED) {
            LAST_LOGGED.clear(); // bounded: at worst a line more
        }
        boolean[] first = {false};
        LAST_LOGGED.compute(key, (k, last) -> {
            if (last == null || now - last >= LOG_INTERVAL_MILLIS) {
                first[0] = true;
                return now;
            }
            return last;
        });
        return first[0];
    }
}
