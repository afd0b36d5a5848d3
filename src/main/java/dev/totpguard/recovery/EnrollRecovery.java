package dev.totpguard.recovery;

import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.confirm.CeremonyGate;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.RecoveryCodes;
import dev.totpguard.credential.RequiredActions;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.credential.TotpGuardCredentialProviderFactory;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/** The recovery part of enrollment: removing the lost device after a recovery code, and chaining new recovery codes. */
public final class EnrollRecovery {

    /** After a recovery code: the id of a device to remove (the lost phone). */
    public static final String FIELD_REMOVE = "removeDevice";
    /** The "also create recovery codes" checkbox ({@code on} when ticked). */
    public static final String FIELD_RECOVERY_CODES = "recoveryCodes";

    private static final Logger LOG = Logger.getLogger(EnrollRecovery.class);

    private EnrollRecovery() {
    }

    /**
     * After a recovery code: removes one of the user's devices (the lost phone), with the {@code REMOVE_CREDENTIAL}
     * event the Account Console sends for the same thing; the enrollment action shows the page again. Anywhere else the
     * page has no remove button, and the field is ignored.
     */
    public static void removeDevice(RequiredActionContext context, String credentialId) {
        UserModel user = context.getUser();
        if (!AfterRecoveryCode.in(context.getAuthenticationSession())
                || !CeremonyGate.decide(context, Ceremony.REMOVE_DEVICE, true, false).allowed()) {
            return;
        }
        TotpGuardCredentialModel device = Devices.of(user)
                .filter(d -> d.getId().equals(credentialId)).findFirst().orElse(null);
        if (device == null) {
            // removed meanwhile (another tab, an admin), or not this user's: nothing to do
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
    }

    /**
     * Chains Keycloak's own recovery-codes action after enrollment when the setting and the user's answer say so, for a
     * user without recovery codes or who just used one: a fresh set replaces what is left.
     */
    public static void chainRecoveryCodes(RequiredActionContext context, RecoveryCodesAfterEnrollment codes,
                                          MultivaluedMap<String, String> form) {
        if (!needsRecoveryCodes(context)) {
            return;
        }
        boolean wanted = switch (codes) {
            case OFF -> false;
            case OFFER -> "on".equals(form.getFirst(FIELD_RECOVERY_CODES));
            case REQUIRE -> true;
        };
        if (!wanted) {
            return;
        }
        if (!RequiredActions.enabledIn(context.getRealm(), RecoveryCodes.ACTION)) {
            LOG.warnf("totp-guard: %s of %s is '%s', but Keycloak's required action %s is off in realm %s: "
                            + "turn on \"Recovery Authentication Codes\" under Authentication > Required actions",
                    RecoveryCodesAfterEnrollment.KEY, TotpGuardCredentialProviderFactory.ENROLL_ACTION, codes.value(),
                    RecoveryCodes.ACTION, context.getRealm().getName());
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (!authSession.getRequiredActions().contains(RecoveryCodes.ACTION)) {
            authSession.addRequiredAction(RecoveryCodes.ACTION);
        }
    }

    /** No recovery codes, or this sign-in used one. */
    static boolean needsRecoveryCodes(RequiredActionContext context) {
        return AfterRecoveryCode.in(context.getAuthenticationSession()) || RecoveryCodes.left(context.getUser()) == 0;
    }
}
