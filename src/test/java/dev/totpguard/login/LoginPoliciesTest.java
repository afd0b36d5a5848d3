package dev.totpguard.login;

import java.util.Map;

import dev.totpguard.guard.GuardPolicy;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoginPoliciesTest {

    private static AuthenticatorConfigModel config(Map<String, String> values) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setAlias("test");
        model.setConfig(values);
        return model;
    }

    @Test
    void missingConfigGivesTheDefaults() {
        assertEquals(GuardPolicy.DEFAULT, LoginPolicies.policy(null));
        assertEquals(GuardPolicy.DEFAULT, LoginPolicies.policy(config(Map.of())));
    }

    @Test
    void configIsReadLikeAtSignIn() {
        assertEquals(20, LoginPolicies.policy(config(Map.of(LoginConfig.LOCKOUT_AFTER, "20"))).lockoutAfter());
    }

    @Test
    void invalidConfigGivesTheDefaultsLikeAtSignIn() {
        assertEquals(GuardPolicy.DEFAULT, LoginPolicies.policy(config(Map.of(LoginConfig.LOCKOUT_AFTER, "lots"))));
    }
}
