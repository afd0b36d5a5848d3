package dev.totpguard.credential;

import java.io.IOException;
import java.util.Optional;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.RecoveryAuthnCodesCredentialModel;
import org.keycloak.models.credential.dto.RecoveryAuthnCodesCredentialData;
import org.keycloak.models.utils.RecoveryAuthnCodesUtils;
import org.keycloak.util.JsonSerialization;

/**
 * What totp-guard needs to know about a user's Keycloak recovery codes (credential type {@code recovery-authn-codes},
 * Keycloak's own credential, form and required action): whether there are any, how many are left, and removing them on
 * an admin reset. Never the codes.
 */
public final class RecoveryCodes {

    /** Keycloak's required action that creates a set of recovery codes. */
    public static final String ACTION = UserModel.RequiredAction.CONFIGURE_RECOVERY_AUTHN_CODES.name();
    /** Keycloak's authenticator that takes a recovery code in a browser flow. */
    public static final String FORM = "auth-recovery-authn-code-form";
    /** Keycloak's credential type of a user's recovery codes. */
    public static final String TYPE = RecoveryAuthnCodesCredentialModel.TYPE;

    private RecoveryCodes() {
    }

    /** How many unused recovery codes the user has: 0 when none (Keycloak removes the credential when the last is used). */
    public static int left(UserModel user) {
        Optional<CredentialModel> credential = RecoveryAuthnCodesUtils.getCredential(user);
        if (credential.isEmpty() || credential.get().getCredentialData() == null) {
            return 0;
        }
        try {
            return JsonSerialization.readValue(credential.get().getCredentialData(), RecoveryAuthnCodesCredentialData.class)
                    .getRemainingCodes();
        } catch (IOException e) {
            // Keycloak wrote it; unreadable data counts as none, which only ever offers a fresh set
            return 0;
        }
    }

    /** Removes the user's recovery codes; whether there were any. */
    public static boolean remove(UserModel user) {
        return RecoveryAuthnCodesUtils.getCredential(user)
                .map(c -> user.credentialManager().removeStoredCredentialById(c.getId()))
                .orElse(false);
    }
}
