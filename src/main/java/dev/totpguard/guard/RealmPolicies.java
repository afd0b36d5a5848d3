package dev.totpguard.guard;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/**
 * The {@link GuardPolicy} of every totp-guard sign-in execution in a realm's flows: no config gives
 * {@link GuardPolicy#DEFAULT}; an invalid one (which makes that execution refuse every code) never makes the realm's
 * settings looser, see {@link #ofInvalid}. Their strictest {@link Throttle} is what every attempt
 * counts against ({@code credential.KeycloakDeviceStore.checkFor}); their strictest policy is for checks outside a configured execution
 * ({@code isValid}) and for views that judge a device outside a sign-in (the admin API). Reading them walks the realm's
 * flows, which Keycloak's realm cache holds in memory: about 40 µs for 60 configured executions among 180 (JDK 17,
 * 2 busy cores), a few µs for the demo realm, against milliseconds for the attempt's database round trips.
 */
public final class RealmPolicies {

    /** Provider id of the sign-in prompt (browser flows). */
    public static final String FORM_AUTHENTICATOR = "totp-guard-form";
    /** Provider id of the direct grant step. */
    public static final String DIRECT_GRANT_AUTHENTICATOR = "totp-guard-direct-grant";

    private static final Set<String> AUTHENTICATORS = Set.of(FORM_AUTHENTICATOR, DIRECT_GRANT_AUTHENTICATOR);

    private RealmPolicies() {
    }

    public static Stream<GuardPolicy> of(RealmModel realm) {
        return realm.getAuthenticationFlowsStream()
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                .filter(execution -> execution.getAuthenticator() != null // sub-flows have none
                        && AUTHENTICATORS.contains(execution.getAuthenticator()))
                .map(execution -> execution.getAuthenticatorConfig() == null ? null
                        : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig()))
                .map(RealmPolicies::policy);
    }

    /** Setting by setting the strictest of the realm's executions ({@link GuardPolicy#DEFAULT} when there are none). */
    public static GuardPolicy strictest(RealmModel realm) {
        return GuardPolicy.strictest(of(realm).toList());
    }

    /**
     * The user's throttle in this realm: setting by setting the strictest of the realm's executions (failure limit,
     * waits, lockout), {@link Throttle#DEFAULT} when there are none. What every attempt counts against, wherever it
     * comes from. Reads the realm's flows and configs, which Keycloak's realm cache holds in memory.
     */
    public static Throttle throttle(RealmModel realm) {
        return Throttle.strictest(of(realm).map(GuardPolicy::throttle).toList());
    }

    /** The smallest "lockout after" among the realm's executions ({@link Throttle#DEFAULT}'s when there are none). */
    public static int strictestLockoutAfter(RealmModel realm) {
        return throttle(realm).lockoutAfter();
    }

    static GuardPolicy policy(AuthenticatorConfigModel config) {
        if (config == null || Objects.isNull(config.getConfig())) {
            return GuardPolicy.DEFAULT;
        }
        try {
            return PolicyConfig.policy(config.getConfig());
        } catch (IllegalArgumentException e) {
            return ofInvalid(config.getConfig());
        }
    }

    /**
     * What an invalid config counts for in the realm's strictest settings: never less strict than what it says or
     * than the defaults. Its verification is the strictest there is (window 0, no drift, no resync), since the window
     * it meant cannot be known; its throttle is its own failure limit, waits and lockout when those settings can be
     * read on their own, else the defaults. Not the strictest throttle there is: that would make one typo lock every
     * user of the realm after one wrong code; and the execution itself refuses every code, so its throttle is only
     * reached through the realm's other executions, each counted with its own (valid) settings as well.
     */
    static GuardPolicy ofInvalid(Map<String, String> config) {
        Throttle throttle;
        try {
            throttle = PolicyConfig.throttle(config);
        } catch (IllegalArgumentException e) {
            throttle = Throttle.DEFAULT;
        }
        return new GuardPolicy(0, 0, 0, throttle);
    }
}
