package dev.totpguard.credential;

import java.lang.reflect.Proxy;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequiredActionsTest {

    @Test
    void anActionTheRealmHasTurnedOnIsEnabled() {
        RealmModel realm = realm(action(TotpGuardCredentialProviderFactory.ENROLL_ACTION, true),
                action("CONFIGURE_RECOVERY_AUTHN_CODES", false));
        assertTrue(RequiredActions.enabledIn(realm, TotpGuardCredentialProviderFactory.ENROLL_ACTION));
    }

    @Test
    void anActionTurnedOffOrMissingIsNot() {
        RealmModel realm = realm(action(TotpGuardCredentialProviderFactory.ENROLL_ACTION, true),
                action("CONFIGURE_RECOVERY_AUTHN_CODES", false));
        assertFalse(RequiredActions.enabledIn(realm, "CONFIGURE_RECOVERY_AUTHN_CODES"), "turned off");
        assertFalse(RequiredActions.enabledIn(realm, "VERIFY_EMAIL"), "not registered");
        assertFalse(RequiredActions.enabledIn(realm(), TotpGuardCredentialProviderFactory.ENROLL_ACTION), "no actions");
    }

    @Test
    void theProviderIdCountsNotTheAlias() {
        RequiredActionProviderModel renamed = action("something-else", true);
        renamed.setProviderId(TotpGuardCredentialProviderFactory.ENROLL_ACTION);
        assertTrue(RequiredActions.enabledIn(realm(renamed), TotpGuardCredentialProviderFactory.ENROLL_ACTION));
        assertFalse(RequiredActions.enabledIn(realm(renamed), "something-else"));
    }

    private static RequiredActionProviderModel action(String id, boolean enabled) {
        RequiredActionProviderModel action = new RequiredActionProviderModel();
        action.setAlias(id);
        action.setProviderId(id);
        action.setEnabled(enabled);
        return action;
    }

    /** A realm that only knows its required actions. */
    static RealmModel realm(RequiredActionProviderModel... actions) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRequiredActionProvidersStream" -> List.of(actions).stream();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
