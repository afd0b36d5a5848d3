package dev.totpguard.enroll;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What registration does to one realm (the start-up and new-realm paths are covered by RealmSetupIT). */
class EnrollActionRegistrationTest {

    @Test
    void aRealmWithoutTheActionGetsItEnabledAfterItsOthers() {
        List<RequiredActionProviderModel> actions = new ArrayList<>(List.of(action("VERIFY_EMAIL", 50, true),
                action("update_user_locale", 1000, true)));
        assertTrue(EnrollActionRegistration.registerIfMissing(realm(actions)));
        RequiredActionProviderModel added = actions.get(2);
        assertEquals(TotpGuardEnrollActionFactory.PROVIDER_ID, added.getAlias());
        assertEquals(TotpGuardEnrollActionFactory.PROVIDER_ID, added.getProviderId());
        assertEquals(TotpGuardEnrollActionFactory.DISPLAY_TEXT, added.getName());
        assertTrue(added.isEnabled());
        assertFalse(added.isDefaultAction());
        assertEquals(1010, added.getPriority());
    }

    @Test
    void aRealmThatHasItKeepsItAsTheAdminLeftIt() {
        RequiredActionProviderModel off = action(TotpGuardEnrollActionFactory.PROVIDER_ID, 5, false);
        List<RequiredActionProviderModel> actions = new ArrayList<>(List.of(off));
        assertFalse(EnrollActionRegistration.registerIfMissing(realm(actions)));
        assertEquals(1, actions.size());
        assertFalse(actions.get(0).isEnabled(), "turned off stays off");
    }

    @Test
    void anEmptyRealmGetsItToo() {
        List<RequiredActionProviderModel> actions = new ArrayList<>();
        assertTrue(EnrollActionRegistration.registerIfMissing(realm(actions)));
        assertEquals(10, actions.get(0).getPriority());
    }

    private static RequiredActionProviderModel action(String alias, int priority, boolean enabled) {
        RequiredActionProviderModel action = new RequiredActionProviderModel();
        action.setAlias(alias);
        action.setProviderId(alias);
        action.setName(alias);
        action.setPriority(priority);
        action.setEnabled(enabled);
        return action;
    }

    /** A realm that only knows its required actions and its name. */
    private static RealmModel realm(List<RequiredActionProviderModel> actions) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[] {RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRequiredActionProvidersStream" -> List.copyOf(actions).stream();
                    case "addRequiredActionProvider" -> {
                        actions.add((RequiredActionProviderModel) args[0]);
                        yield args[0];
                    }
                    case "getName" -> "test";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
