package dev.totpguard.login;

import dev.totpguard.spi.NoLifecycle;
import org.keycloak.authentication.Authenticator;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers {@value #PROVIDER_ID} ({@link DeviceCondition}). */
public final class DeviceConditionFactory implements ConditionalAuthenticatorFactory, NoLifecycle<Authenticator> {

    public static final String PROVIDER_ID = "totp-guard-condition-device";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.DISABLED,
    };

    /** Config key: true turns the condition into "user has no TOTP Guard device" (the key Keycloak's role condition uses). */
    public static final String NEGATE = "negate";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(NEGATE).label("Negate output")
            .helpText("On: true when the user has no totp-guard device (for example: admins without a device set one "
                    + "up, even after a password reset). Off (default): true when the user has one.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Condition - user has a TOTP Guard device";
    }

    @Override
    public String getHelpText() {
        return "True when the user has at least one totp-guard device (or, with Negate output, none). Unlike 'Condition - user configured', it also "
                + "works when the sub-flow holds a nested sub-flow (TOTP code or recovery code).";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return DeviceCondition.SINGLETON;
    }
}
