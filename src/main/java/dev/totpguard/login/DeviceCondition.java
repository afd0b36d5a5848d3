package dev.totpguard.login;

import dev.totpguard.credential.Devices;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * True when the user has a totp-guard device (with {@value DeviceConditionFactory#NEGATE}: when the user has none). Keycloak's "Condition - user configured" would do for a sub-flow whose
 * steps are authenticators, but a sub-flow nested in it (such as "TOTP code or recovery code") always counts as
 * configured there (Keycloak 26.7 looks the nested flow up by its execution's id), which would send every user, with or
 * without a device, into the second factor.
 */
final class DeviceCondition implements ConditionalAuthenticator {

    static final DeviceCondition SINGLETON = new DeviceCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null) {
            return false;
        }
        boolean negate = context.getAuthenticatorConfig() != null && context.getAuthenticatorConfig().getConfig() != null
                && Boolean.parseBoolean(context.getAuthenticatorConfig().getConfig().get(DeviceConditionFactory.NEGATE));
        return Devices.any(user) != negate;
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
