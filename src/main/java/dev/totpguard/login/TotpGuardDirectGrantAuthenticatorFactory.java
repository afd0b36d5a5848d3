package dev.totpguard.login;

import java.util.List;

import dev.totpguard.guard.PolicyConfig;
import dev.totpguard.guard.RealmPolicies;
import dev.totpguard.spi.NoLifecycle;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;

/** Registers the {@value #PROVIDER_ID} authenticator, for direct grant flows. */
public final class TotpGuardDirectGrantAuthenticatorFactory implements AuthenticatorFactory, NoLifecycle<Authenticator> {

    public static final String PROVIDER_ID = RealmPolicies.DIRECT_GRANT_AUTHENTICATOR;

    private static final TotpGuardDirectGrantAuthenticator SINGLETON = new TotpGuardDirectGrantAuthenticator();

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
        return "TOTP Guard direct grant";
    }

    /** {@code otp}: Keycloak's brute-force detector counts only otp, password and recovery-code failures. */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public String getHelpText() {
        return "Direct grant: checks the code of the user's totp-guard device from the 'totp' (or 'otp') parameter; "
                + "same limits and replay rule as the TOTP Guard form. Put it in a conditional sub-flow with "
                + "'Condition - user configured' so users without a device are not asked.";
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
        return PolicyConfig.DIRECT_GRANT_PROPERTIES;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
