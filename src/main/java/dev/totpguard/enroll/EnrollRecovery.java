package dev.totpguard.enroll;

import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.confirm.CeremonyGate;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.RequiredActions;
import dev.totpguard.credential.TotpGuardCredentialModel;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/** The recovery part of enrollment: removing the lost device after a recovery code, and chaining new recovery codes. */
final class EnrollRecovery {

    private EnrollRecovery() {
    }

    /**
     * After a recovery code: removes one of the user's devices (the lost phone), with the {@code REMOVE_CREDENTIAL}
     * event the Account Console sends for the same thing, and shows the page again. Anywhere else the page has no
     * remove button, and the field is ignored.
     */
    static void removeDevice(RequiredActionContext context, EnrollConfig config, String credentialId) {
        UserModel user = context.getUser();
        if (!EnrollPages.afterRecoveryCode(context.getAuthenticationSession())
                || !CeremonyGate.decide(context, Ceremony.REMOVE_DEVICE, true, false).allowed()) {
            context.challenge(EnrollPages.page(context, config, null));
            return;
        }
        TotpGuardCredentialModel device = Devices.of(context.getSession()).of(user)
                .filter(d -> d.getId().equals(credentialId)).findFirst().orElse(null);
        if (device == null) {
            // removed meanwhile (another tab, an admin), or not this user's: nothing to do
            context.challenge(EnrollPages.page(context, config, null));
            return;
        }
        user.credentialManager().removeStoredCredentialById(device.getId());
        EventBuilder removed = context.getEvent().clone().event(EventType.REMOVE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, TotpGuardCredentialModel.TYPE)
                .detail(Details.CREDENTIAL_ID, device.getId());
        if (device.getUserLabel() != null) {
            removed.detail(Details.CREDENTIAL_USER_LABEL, device.getUserLabel());
        }
        removed.success();
        context.challenge(EnrollPages.page(context, config, null));
    }

    /**
     * Chains Keycloak's own recovery-codes action after this one when the config and the user's answer say so, for a
     * user without recovery codes or who just used one: a fresh set replaces what is left.
     */
    static void chainRecoveryCodes(RequiredActionContext context, EnrollConfig config,
                                           MultivaluedMap<String, String> form) {
        if (!EnrollPages.needsRecoveryCodes(context)) {
            return;
        }
        boolean wanted = switch (config.recoveryCodes()) {
            case OFF -> false;
            case OFFER -> "on".equals(form.getFirst(TotpGuardEnrollAction.FIELD_RECOVERY_CODES));
            case REQUIRE -> true;
        };
        if (!wanted) {
            return;
        }
        if (!RequiredActions.enabledIn(context.getRealm(), RecoveryCodes.ACTION)) {
            TotpGuardEnrollAction.LOG.warnf("totp-guard: %s of %s is '%s', but Keycloak's required action %s is off in realm %s: "
                            + "turn on \"Recovery Authentication Codes\" under Authentication > Required actions",
                    EnrollConfig.RECOVERY_CODES, TotpGuardEnrollActionFactory.PROVIDER_ID, config.recoveryCodes().value(),
                    RecoveryCodes.ACTION, context.getRealm().getName());
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!authSession.getRequiredActions().contains(RecoveryCodes.ACTION)) {
            authSession.addRequiredAction(RecoveryCodes.ACTION);
        }
    }
}
