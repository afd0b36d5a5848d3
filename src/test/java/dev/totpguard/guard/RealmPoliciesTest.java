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
    void invalidConfigGivesTheStrictestVerificationAndNeverALooserThrottle() {
        // sign-in refuses every code at such an execution; realm-wide it counts as strict as can be told
        assertEquals(new GuardPolicy(0, 0, 0, Throttle.DEFAULT),
                RealmPolicies.policy(config(Map.of(PolicyConfig.LOCKOUT_AFTER, "lots"))));
        // a strict config with a typo in its window keeps its own (stricter) throttle
        GuardPolicy typo = RealmPolicies.policy(config(Map.of(PolicyConfig.WINDOW, "abc",
                PolicyConfig.FAILURE_LIMIT, "2", PolicyConfig.LOCKOUT_AFTER, "3")));
        assertEquals(new GuardPolicy(0, 0, 0, new Throttle(2, 30, 2, 900, 3)), typo);
    }

    @Test
    void anInvalidConfigMakesTheRealmsStrictestSettingsStricterNeverLooser() {
        GuardPolicy lax = new GuardPolicy(3, 10, 20, new Throttle(10, 5, 1, 60, 100));
        GuardPolicy invalid = RealmPolicies.policy(config(Map.of(PolicyConfig.WINDOW, "abc", PolicyConfig.LOCKOUT_AFTER, "3",
                PolicyConfig.FAILURE_LIMIT, "2")));
        GuardPolicy realm = GuardPolicy.strictest(java.util.List.of(lax, invalid));
        assertEquals(0, realm.window());
        assertEquals(0, realm.maxDrift());
        assertEquals(0, realm.resyncRange());
        assertEquals(2, realm.throttle().failureLimit());
        assertEquals(3, realm.throttle().lockoutAfter());
        assertEquals(30, realm.throttle().delaySeconds());
    }
}
