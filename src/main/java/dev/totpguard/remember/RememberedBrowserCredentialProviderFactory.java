package dev.totpguard.remember;

import org.keycloak.credential.CredentialProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Registers the {@value RememberedBrowsers#TYPE} credential type (see {@link RememberedBrowserCredentialProvider}). */
public final class RememberedBrowserCredentialProviderFactory
        implements CredentialProviderFactory<RememberedBrowserCredentialProvider> {

    public static final String PROVIDER_ID = RememberedBrowsers.TYPE;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public RememberedBrowserCredentialProvider create(KeycloakSession session) {
        return new RememberedBrowserCredentialProvider(session);
    }
}
