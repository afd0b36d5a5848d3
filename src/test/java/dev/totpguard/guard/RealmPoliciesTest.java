package dev.totpguard.guard;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RealmPoliciesTest {

    private static AuthenticatorConfigModel config(Map<String, String> values) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setAlias("test");
        model.setConfig(values);
        return model;
    }

    @Test
    void missingConfigGivesTheDefaults() {
        assertEquals(GuardPolicy.DEFAULT, RealmPolicies.policy(null));
        assertEquals(GuardPolicy.DEFAULT, RealmPolicies.policy(config(Map.of())));
    }

    @Test
    void configIsReadLikeAtSignIn() {
        assertEquals(20, RealmPolicies.policy(config(Map.of(PolicyConfig.LOCKOUT_AFTER, "20"))).throttle().lockoutAfter());
    }

    @Test
    void invalidConfigGivesTheDefaultsLikeAtSignIn() {
        assertEquals(GuardPolicy.DEFAULT, RealmPolicies.policy(config(Map.of(PolicyConfig.LOCKOUT_AFTER, "lots"))));
    }
}
