package dev.totpguard.it;

import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.testframework.realm.ManagedRealm;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The safety net's opt-out, as an admin takes it (Authentication, Required actions): for tests that show what a flow
 * alone does. The realm's cleanup turns it on again.
 */
final class SafetyNetSwitch {

    static final String ACTION = "totp-guard-safety-net";

    private SafetyNetSwitch() {
    }

    static void off(ManagedRealm realm) {
        RequiredActionProviderRepresentation action = realm.admin().flows().getRequiredAction(ACTION);
        assertTrue(action.isEnabled(), "the safety net is on in every realm until an admin turns it off");
        action.setEnabled(false);
        realm.admin().flows().updateRequiredAction(ACTION, action);
        realm.cleanup().add(r -> {
            RequiredActionProviderRepresentation on = r.flows().getRequiredAction(ACTION);
            on.setEnabled(true);
            r.flows().updateRequiredAction(ACTION, on);
        });
    }
}
