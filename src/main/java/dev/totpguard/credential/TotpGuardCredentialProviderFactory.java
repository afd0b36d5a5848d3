package dev.totpguard.credential;

import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Registers the {@value TotpGuardCredentialModel#TYPE} credential type. */
public final class TotpGuardCredentialProviderFactory implements CredentialProviderFactory<TotpGuardCredentialProvider> {

    public static final String PROVIDER_ID = TotpGuardCredentialModel.TYPE;

    /** The required action that creates a device (id shared with the enroll package's factory). */
    public static final String ENROLL_ACTION = "totp-guard-enroll";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public TotpGuardCredentialProvider create(KeycloakSession session) {
        return new TotpGuardCredentialProvider(session);
    }
}
