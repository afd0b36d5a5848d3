package dev.totpguard.login;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.guard.PolicyConfig;
import dev.totpguard.guard.RealmPolicies;
import dev.totpguard.remember.RememberedBrowsers;
import dev.totpguard.spi.NoLifecycle;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Registers the {@value #PROVIDER_ID} authenticator. */
public final class TotpGuardFormAuthenticatorFactory implements AuthenticatorFactory, NoLifecycle<Authenticator>, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = RealmPolicies.FORM_AUTHENTICATOR;

    private static final TotpGuardFormAuthenticator SINGLETON = new TotpGuardFormAuthenticator();

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.ALTERNATIVE,
            AuthenticationExecutionModel.Requirement.DISABLED,
    };

    private static final List<ProviderConfigProperty> CONFIG = PolicyConfig.PROPERTIES;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "TOTP Guard form";
    }

    /** {@code otp}: Keycloak's brute-force detector counts only otp, password and recovery-code failures. */
    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    /**
     * {@code totp-guard} and the remembered browsers too: the Account Console lists (and offers to set up) only
     * credential types whose category an enabled authenticator declares.
     */
    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return Set.of(TotpGuardCredentialModel.TYPE, RememberedBrowsers.TYPE);
    }

    @Override
    public String getHelpText() {
        return "Asks for a time-based one-time code (RFC 6238) from a totp-guard device; users without a device enroll "
                + "one first (QR code). Each code is accepted once.";
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
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        String version = TotpGuardFormAuthenticatorFactory.class.getPackage().getImplementationVersion();
        return Map.of("version", version == null ? "development" : version);
    }
}
