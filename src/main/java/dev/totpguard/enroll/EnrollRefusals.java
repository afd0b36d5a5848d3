package dev.totpguard.enroll;

import java.util.List;

import dev.totpguard.audit.AuditDetails;
import dev.totpguard.credential.DeviceRules;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.NewDevices;
import dev.totpguard.credential.RequiredActions;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.metrics.TotpGuardMetrics;
import dev.totpguard.recovery.AfterRecoveryCode;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.Constants;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/** What the enrollment page answers when it stores nothing: a refused name, a wrong code, the device limit. */
final class EnrollRefusals {

    private EnrollRefusals() {
    }

    /** The enrollment page's message for a name {@link DeviceRules} refuses, or {@code null}. */
    static FormMessage labelError(String label, List<TotpGuardCredentialModel> existing, EnrollConfig config) {
        return DeviceRules.checkLabel(label, existing.stream().map(TotpGuardCredentialModel::getUserLabel).toList(),
                        config.labelRequired())
                .map(EnrollRefusals::labelMessage)
                .orElse(null);
    }

    /** The enrollment page's message for a refused name. */
    static FormMessage labelMessage(DeviceRules.LabelProblem problem) {
        return switch (problem) {
            case TOO_LONG -> new FormMessage(TotpGuardEnrollAction.FIELD_LABEL, "totpGuardLabelTooLong", DeviceRules.MAX_LABEL_LENGTH);
            case INVALID_CHARACTERS -> new FormMessage(TotpGuardEnrollAction.FIELD_LABEL, "totpGuardLabelInvalid");
            case REQUIRED_FOR_SECOND_DEVICE -> new FormMessage(TotpGuardEnrollAction.FIELD_LABEL, "totpGuardLabelRequired");
            case REQUIRED -> new FormMessage(TotpGuardEnrollAction.FIELD_LABEL, "totpGuardLabelMissing");
            case TAKEN -> new FormMessage(TotpGuardEnrollAction.FIELD_LABEL, "totpGuardLabelTaken");
        };
    }

    /**
     * A right confirmation code, but no device added ({@link NewDevices}): the limit was reached meanwhile, the name is
     * now taken, or the page's seed was stored by a parallel request (a fresh seed then, and the page says so).
     */
    static void notAdded(RequiredActionContext context, EnrollConfig config, EventBuilder event, NewDevices.Result result) {
        switch (result.refusal()) {
            case DEVICE_LIMIT -> deviceLimitReached(context, config);
            case LABEL -> fail(context, config, event, "invalid_label", labelMessage(result.labelProblem()), false);
            case SEED -> {
                EnrollSeed.renewSeed(context);
                fail(context, config, event, "seed_used", new FormMessage(TotpGuardEnrollAction.FIELD_CODE,
                        "totpGuardSeedUsed"), true);
            }
        }
    }

    /**
     * A wrong or malformed confirmation code. After {@value #MAX_WRONG_CODES} of them against one seed the seed is
     * replaced (a fresh QR code and key), and the page says so: whatever went wrong with the first one (a stale entry
     * in the app, a mistyped key) does not go on forever.
     */
    static void wrongCode(RequiredActionContext context, EnrollConfig config, EventBuilder event, String reason) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        int wrong = EnrollSeed.wrongCodes(authSession) + 1;
        if (wrong >= EnrollSeed.MAX_WRONG_CODES) {
            EnrollSeed.renewSeed(context);
            fail(context, config, event, reason, new FormMessage(TotpGuardEnrollAction.FIELD_CODE, "totpGuardNewSecret", EnrollSeed.MAX_WRONG_CODES), true);
        } else {
            authSession.setAuthNote(EnrollSeed.WRONG_CODES_NOTE, Integer.toString(wrong));
            fail(context, config, event, reason, new FormMessage(TotpGuardEnrollAction.FIELD_CODE, "totpGuardInvalidCode"), false);
        }
    }

    static void fail(RequiredActionContext context, EnrollConfig config, EventBuilder event, String reason,
                             FormMessage error, boolean seedRenewed) {
        // an UPDATE_CREDENTIAL_ERROR event with the reason; the page keeps the same seed unless it was renewed
        EventBuilder failure = event.clone().detail(AuditDetails.REASON, reason);
        if (seedRenewed) {
            failure.detail(AuditDetails.SECRET_RENEWED, "true");
        }
        failure.error(Errors.INVALID_USER_CREDENTIALS);
        TotpGuardMetrics.global().enrollmentFailed(context.getRealm().getName(), reason);
        context.challenge(EnrollPages.page(context, config, error));
    }

    static boolean atDeviceLimit(RequiredActionContext context, EnrollConfig config) {
        return Devices.of(context.getUser()).count() >= config.maxDevices();
    }

    /**
     * The user already has as many devices as allowed. After a recovery code: the page again, saying to remove a device
     * first. Asked by the user (Account Console, {@code kc_action}): a page
     * that says so, with a way back. Demanded by our sign-in form because the user had no device: devices were added
     * meanwhile (another session, an admin), and this sign-in has not checked a code of any of them, so it stops with
     * a page that says to sign in again. Set by an admin: there is nothing to enroll, the action is done.
     */
    static void deviceLimitReached(RequiredActionContext context, EnrollConfig config) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        EnrollSeed.clearNotes(authSession);
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, TotpGuardCredentialModel.TYPE)
                .detail(AuditDetails.REASON, "device_limit")
                .error(Errors.INVALID_USER_CREDENTIALS);
        if (AfterRecoveryCode.in(authSession)) {
            // after a recovery code the page lists the devices: remove the lost one, then add the new one
            context.challenge(EnrollPages.page(context, config, new FormMessage(null, "totpGuardRemoveFirst", config.maxDevices())));
        } else if (TotpGuardEnrollActionFactory.PROVIDER_ID.equals(authSession.getClientNote(Constants.KC_ACTION_EXECUTING))) {
            context.challenge(context.form()
                    .setAttribute("totpGuardLimit", config.maxDevices())
                    .setError("totpGuardDeviceLimit", config.maxDevices())
                    .createForm(EnrollPages.TEMPLATE));
        } else if ("true".equals(authSession.getAuthNote(RequiredActions.SETUP_DEMANDED_NOTE))) {
            context.challenge(context.form().setError("totpGuardSignInAgain").createErrorPage(Response.Status.CONFLICT));
        } else {
            context.success();
        }
    }
}
