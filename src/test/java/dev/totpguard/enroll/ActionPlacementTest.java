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

/** Registration of another of our required actions (the safety net): ahead of the realm's others, once. */
class ActionPlacementTest {

    private static final EnrollActionRegistration.Action FIRST =
            new EnrollActionRegistration.Action("totp-guard-safety-net", "safety net", true);

    @Test
    void aFirstActionGoesAheadOfTheRealmsOthers() {
        List<RequiredActionProviderModel> actions = new ArrayList<>(List.of(action("totp-guard-enroll", 5, true),
                action("UPDATE_PASSWORD", 30, true)));
        assertTrue(EnrollActionRegistration.registerIfMissing(realm(actions), FIRST));
        RequiredActionProviderModel added = actions.get(2);
        assertEquals("totp-guard-safety-net", added.getAlias());
        assertEquals("totp-guard-safety-net", added.getProviderId());
        assertEquals("safety net", added.getName());
        assertTrue(added.isEnabled());
        assertEquals(-5, added.getPriority());
        assertFalse(EnrollActionRegistration.registerIfMissing(realm(actions), FIRST), "once");
        assertFalse(EnrollActionRegistration.registerIfMissing(realm(actions)), "the enrollment action is there already");
        assertEquals(3, actions.size());
    }

    @Test
    void firstInAnEmptyRealmAndAtTheBottomOfTheRange() {
        List<RequiredActionProviderModel> empty = new ArrayList<>();
        assertTrue(EnrollActionRegistration.registerIfMissing(realm(empty), FIRST));
        assertEquals(0, empty.get(0).getPriority());
        List<RequiredActionProviderModel> lowest = new ArrayList<>(List.of(action("x", Integer.MIN_VALUE + 3, true)));
        assertTrue(EnrollActionRegistration.registerIfMissing(realm(lowest), FIRST));
        assertEquals(Integer.MIN_VALUE, lowest.get(1).getPriority());
    }

    @Test
    void aTurnedOffSafetyNetStaysOff() {
        List<RequiredActionProviderModel> actions = new ArrayList<>(List.of(action("totp-guard-safety-net", -5, false)));
        assertFalse(EnrollActionRegistration.registerIfMissing(realm(actions), FIRST));
        assertFalse(actions.get(0).isEnabled());
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
