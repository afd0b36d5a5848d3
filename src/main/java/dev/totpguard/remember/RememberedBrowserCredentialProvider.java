package dev.totpguard.remember;

import jakarta.ws.rs.core.Response;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.CredentialTypeMetadata;
import org.keycloak.credential.CredentialTypeMetadataContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;

/**
 * The {@value RememberedBrowsers#TYPE} credential type as Keycloak's credential SPI sees it: what lets the Account
 * Console list a user's remembered browsers (label: browser and expiry date; created date) under two-factor
 * authentication, and remove them. Records are created only by the sign-in prompt.
 */
final class RememberedBrowserCredentialProvider implements CredentialProvider<CredentialModel> {

    private final KeycloakSession session;

    RememberedBrowserCredentialProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public String getType() {
        return RememberedBrowsers.TYPE;
    }

    /** Keycloak's generic credential creation (user representations, imports): refused, a browser is remembered only at sign-in. */
    @Override
    public CredentialModel createCredential(RealmModel realm, UserModel user, CredentialModel credentialModel) {
        if (session.getTransactionManager().isActive()) {
            session.getTransactionManager().setRollbackOnly();
        }
        throw ErrorResponse.error("A " + getType() + " is created only when a user ticks \"Don't ask again on this "
                + "browser\" at sign-in.", Response.Status.BAD_REQUEST);
    }

    @Override
    public boolean deleteCredential(RealmModel realm, UserModel user, String credentialId) {
        return user.credentialManager().removeStoredCredentialById(credentialId);
    }

    @Override
    public CredentialModel getCredentialFromModel(CredentialModel model) {
        return model;
    }

    @Override
    public CredentialTypeMetadata getCredentialTypeMetadata(CredentialTypeMetadataContext context) {
        return CredentialTypeMetadata.builder()
                .type(getType())
                .category(CredentialTypeMetadata.Category.TWO_FACTOR)
                .displayName("totpGuardRememberedDisplayName")
                .helpText("totpGuardRememberedHelpText")
                .iconCssClass("kcAuthenticatorDefaultClass")
                .removeable(true)
                .build(session);
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return getType().equals(credentialType);
    }
}
