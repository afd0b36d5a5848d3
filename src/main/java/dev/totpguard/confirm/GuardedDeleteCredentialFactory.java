package dev.totpguard.confirm;

import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.credential.TotpGuardCredentialModel;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.DeleteCredentialAction;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.Constants;

/**
 * Keycloak's {@code delete_credential} action (the Account Console's <em>Delete</em>, {@code
 * kc_action=delete_credential:<id>}) with the ceremony policy in front when the credential is a TOTP Guard device
 * ({@link Ceremony#REMOVE_DEVICE}): a code of one of the user's devices in this authentication first.
 */
public final class GuardedDeleteCredentialFactory extends GuardedActionFactory {

    public GuardedDeleteCredentialFactory() {
        super(new DeleteCredentialAction());
    }

    @Override
    GuardedAction guard(RequiredActionProvider action) {
        return new GuardedAction(action) {
            @Override
            Ceremony ceremony(RequiredActionContext context) {
                String credentialId = context.getAuthenticationSession().getClientNote(Constants.KC_ACTION_PARAMETER);
                CredentialModel credential = credentialId == null ? null
                        : context.getUser().credentialManager().getStoredCredentialById(credentialId);
                return credential != null && TotpGuardCredentialModel.TYPE.equals(credential.getType())
                        ? Ceremony.REMOVE_DEVICE : null;
            }
        };
    }
}
