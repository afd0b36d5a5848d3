package dev.totpguard.recovery;

import java.util.List;

import dev.totpguard.guard.PolicyConfig;
import dev.totpguard.spi.NoLifecycle;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers the {@value #PROVIDER_ID} step (see {@link RecoveryCodeFollowUp}). */
public final class RecoveryCodeFollowUpFactory implements AuthenticatorFactory, NoLifecycle<Authenticator> {

    public static final String PROVIDER_ID = "totp-guard-after-recovery-code";

    private static final RecoveryCodeFollowUp SINGLETON = new RecoveryCodeFollowUp();

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.DISABLED,
    };

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "TOTP Guard: after a recovery code";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public String getHelpText() {
        return "Put it right after 'Recovery Authentication Code Form' in the same sub-flow: records that a recovery code "
                + "was used (event, metric), and sends the user to set up a new TOTP device (and remove the lost one) "
                + "in the same visit.";
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
        return PolicyConfig.LEVEL_PROPERTIES;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
