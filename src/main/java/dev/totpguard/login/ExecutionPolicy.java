package dev.totpguard.login;

import dev.totpguard.guard.GuardPolicy;
import dev.totpguard.guard.PolicyConfig;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;

/**
 * The {@link GuardPolicy} of the running execution: its config, or the defaults when it has none or a bad one. Its
 * window, drift and resync are the execution's own; its failure limit, waits and lockout count only together with the
 * realm's strictest ({@link dev.totpguard.guard.CodeCheck#forUser}), so the laxest execution never decides.
 */
final class ExecutionPolicy {

    private static final Logger LOG = Logger.getLogger(ExecutionPolicy.class);

    private ExecutionPolicy() {
    }

    static GuardPolicy of(AuthenticationFlowContext context) {
        if (context.getAuthenticatorConfig() == null) {
            return GuardPolicy.DEFAULT;
        }
        try {
            return PolicyConfig.policy(context.getAuthenticatorConfig().getConfig());
        } catch (IllegalArgumentException e) {
            // a bad admin value must not break sign-in: fall back to the safe defaults and say so
            LOG.warnf("Ignoring invalid %s config '%s' in realm %s (%s); using the defaults",
                    context.getExecution().getAuthenticator(), context.getAuthenticatorConfig().getAlias(),
                    context.getRealm().getName(), e.getMessage());
            return GuardPolicy.DEFAULT;
        }
    }

    /** For how many days this execution may remember a browser; 0 (never) without config or with a bad one. */
    static int rememberDays(AuthenticationFlowContext context) {
        return context.getAuthenticatorConfig() == null ? 0
                : PolicyConfig.rememberDays(context.getAuthenticatorConfig().getConfig());
    }
}
