package dev.totpguard.safetynet;

import dev.totpguard.enroll.EnrollActionRegistration;
import dev.totpguard.spi.NoLifecycle;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Registers the safety net's required action {@value #PROVIDER_ID} ({@link SafetyNetAction}), and registers it, enabled
 * and ahead of the realm's other required actions, in every realm (as the enrollment action is). At the end of
 * start-up it then logs the realms' unchecked ways in ({@link PostureWarnings}).
 */
public final class SafetyNetActionFactory implements RequiredActionFactory, NoLifecycle<RequiredActionProvider> {

    public static final String PROVIDER_ID = "totp-guard-safety-net";
    /** The name the Admin Console shows under Authentication, Required actions. */
    public static final String DISPLAY_TEXT = "TOTP Guard safety net: a code where no flow asked for it";

    /**
     * First among the realm's required actions: a brokered sign-in shows the code before any other page (a new
     * password, a profile), which the provider's account alone must not reach.
     */
    static final EnrollActionRegistration.Action ACTION = new EnrollActionRegistration.Action(PROVIDER_ID, DISPLAY_TEXT, true);

    private static final SafetyNetAction SINGLETON = new SafetyNetAction();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return DISPLAY_TEXT;
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return SINGLETON;
    }

    /** One listener, so that the action is registered in every realm before the realms' ways are judged. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            EnrollActionRegistration.onEvent(event, ACTION);
            if (event instanceof PostMigrationEvent migrated) {
                PostureWarnings.atStartUp(migrated.getFactory());
            }
        });
    }
}
