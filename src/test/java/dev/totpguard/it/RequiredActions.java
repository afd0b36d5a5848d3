package dev.totpguard.it;

import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Required actions as an admin turns them off (Authentication, Required actions); the realm's cleanup turns them on again. */
final class RequiredActions {

    /** totp-guard's enrollment. */
    static final String ENROLL = "totp-guard-enroll";
    /** The safety net's opt-out: for tests that show what a flow alone does. */
    static final String SAFETY_NET = "totp-guard-safety-net";

    private RequiredActions() {
    }

    /** Turns the (enabled) required action {@code alias} off for this test. */
    static void turnOff(ManagedRealm realm, String alias) {
        RequiredActionProviderRepresentation action = realm.admin().flows().getRequiredAction(alias);
        assertTrue(action.isEnabled(), () -> alias + " is on until an admin turns it off");
        action.setEnabled(false);
        realm.admin().flows().updateRequiredAction(alias, action);
        realm.cleanup().add(r -> {
            RequiredActionProviderRepresentation on = r.flows().getRequiredAction(alias);
            on.setEnabled(true);
            r.flows().updateRequiredAction(alias, on);
        });
    }
}
