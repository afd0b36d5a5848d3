package dev.totpguard.confirm;

import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.credential.Devices;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.authentication.requiredactions.RecoveryAuthnCodesAction;

/**
 * Keycloak's {@code CONFIGURE_RECOVERY_AUTHN_CODES} action with the ceremony policy in front for a user who has a TOTP
 * Guard device ({@link Ceremony#NEW_RECOVERY_CODES}): a fresh set replaces the old one and signs in without the phone,
 * so it takes a code of a device (or a recovery code) in this authentication. Chained after enrollment, it finds the
 * enrollment's code; a user without a device gets Keycloak's action as it is.
 */
public final class GuardedRecoveryCodesFactory extends GuardedActionFactory {

    public GuardedRecoveryCodesFactory() {
        super(new RecoveryAuthnCodesAction());
    }

    @Override
    GuardedAction guard(RequiredActionProvider action) {
        return new GuardedAction.Registrator(action) {
            @Override
            Ceremony ceremony(RequiredActionContext context) {
                return Devices.any(context.getUser()) ? Ceremony.NEW_RECOVERY_CODES : null;
            }
        };
    }
}
