package dev.totpguard.login;

import java.util.Objects;
import java.util.stream.Stream;

import dev.totpguard.guard.GuardPolicy;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * The {@link GuardPolicy} of every {@value TotpGuardFormAuthenticatorFactory#PROVIDER_ID} execution in a realm's flows,
 * read the way sign-in reads them: no config or an invalid one gives {@link GuardPolicy#DEFAULT}. For views that judge
 * a device outside a sign-in (the admin API).
 */
public final class LoginPolicies {

    private LoginPolicies() {
    }

    public static Stream<GuardPolicy> of(RealmModel realm) {
        return realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(execution -> TotpGuardFormAuthenticatorFactory.PROVIDER_ID.equals(execution.getAuthenticator()))
                .map(execution -> execution.getAuthenticatorConfig() == null ? null
                        : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig()))
                .map(LoginPolicies::policy);
    }

    /** The smallest "lockout after" among the realm's executions ({@link GuardPolicy#DEFAULT}'s when there are none). */
    public static int strictestLockoutAfter(RealmModel realm) {
        return of(realm).mapToInt(GuardPolicy::lockoutAfter).min().orElse(GuardPolicy.DEFAULT.lockoutAfter());
    }

    static GuardPolicy policy(AuthenticatorConfigModel config) {
        if (config == null || Objects.isNull(config.getConfig())) {
            return GuardPolicy.DEFAULT;
        }
        try {
            return LoginConfig.policy(config.getConfig());
        } catch (IllegalArgumentException e) {
            return GuardPolicy.DEFAULT;
        }
    }
}
