package dev.totpguard.login;

import dev.totpguard.guard.PolicyConfig;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AcrStore;

/**
 * Step-up bookkeeping of our steps (the sign-in prompts, the step after a recovery code): the level of authentication
 * their config sets, if any (see {@link PolicyConfig}).
 */
public final class LevelOfAuthentication {

    private LevelOfAuthentication() {
    }

    /** Raises this sign-in to the execution's configured level; never lowers it. */
    public static void raise(AuthenticationFlowContext context) {
        if (context.getAuthenticatorConfig() == null) {
            return;
        }
        PolicyConfig.level(context.getAuthenticatorConfig().getConfig()).ifPresent(level -> {
            AcrStore acr = new AcrStore(context.getSession(), context.getAuthenticationSession());
            if (acr.getLevelOfAuthenticationFromCurrentAuthentication() < level) {
                acr.setLevelAuthenticatedToCurrentRequest(level);
            }
        });
    }
}
