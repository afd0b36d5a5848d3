package dev.totpguard.enroll;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import dev.totpguard.confirm.Evidence;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.NewDevices;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.credential.TotpGuardCredentialProvider;
import dev.totpguard.guard.CodeCheck;
import dev.totpguard.guard.SeedUnavailableException;
import dev.totpguard.metrics.TotpGuardMetrics;
import dev.totpguard.otp.Totp;
import dev.totpguard.recovery.AfterRecoveryCode;
import dev.totpguard.recovery.EnrollRecovery;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

import static dev.totpguard.enroll.TotpGuardEnrollAction.FIELD_CODE;
import static dev.totpguard.enroll.TotpGuardEnrollAction.FIELD_LABEL;
import static dev.totpguard.enroll.TotpGuardEnrollAction.LOG;
import static dev.totpguard.enroll.TotpGuardEnrollAction.WINDOW;

/**
 * The enrollment page's confirmation: the typed code is checked against the seed the page showed, and only then is
 * the device stored, through the one way to add a device ({@link NewDevices}). The action ({@link TotpGuardEnrollAction})
 * routes to it after the ceremony policy, "Later" ({@code grace}) and a device removal ({@code recovery}).
 */
final class EnrollConfirmation {

    private EnrollConfirmation() {
    }

    /**
     * @param label the typed device name, normalised ({@code ""} for none)
     * @param event the {@code UPDATE_CREDENTIAL} event of this POST
     */
    static void confirm(RequiredActionContext context, EnrollConfig config, MultivaluedMap<String, String> form,
                        String label, EventBuilder event) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Devices devices = TotpGuardCredentialProvider.of(context.getSession()).devices();
        // answers without locks first; the limit and the name are checked again under the locks before storing
        List<TotpGuardCredentialModel> existing = Devices.of(user).toList();
        if (existing.size() >= config.maxDevices()) {
            // the limit was reached meanwhile (another tab, an admin): nothing is stored
            EnrollRefusals.deviceLimitReached(context, config);
            return;
        }
        FormMessage labelError = EnrollRefusals.labelError(label, existing, config);
        if (labelError != null) {
            EnrollRefusals.fail(context, config, event, "invalid_label", labelError, false);
            return;
        }
        byte[] seed = EnrollSeed.seed(authSession, config);
        Totp totp = config.totp();
        List<String> codes = form.get(FIELD_CODE);
        long now = totp.step(Instant.ofEpochMilli(Time.currentTimeMillis()));
        CodeCheck.Match match = CodeCheck.match(totp, seed, codes == null || codes.size() != 1 ? null : codes.get(0), now, WINDOW);
        if (!match.wellFormed()) {
            EnrollRefusals.wrongCode(context, config, event, "malformed");
            return;
        }
        OptionalLong step = match.step();
        if (step.isEmpty()) {
            EnrollRefusals.wrongCode(context, config, event, "invalid");
            return;
        }

        // one more device (NewDevices): under the locks, the limit and the name again, then the seed: one device per
        // seed, whatever parallel requests of this page do, on any node (the first claim wins); the confirmation code's
        // step counts as used, so it cannot sign in afterwards
        NewDevices.Result added;
        try {
            added = devices.newDevices().add(context.getRealm(), user, new NewDevices.Request(totp, seed, label,
                            Time.currentTimeMillis(), step.getAsLong(), config.maxDevices(), config.labelRequired()),
                    NewDevices.Rules.STANDARD, locked -> EnrollSeed.claimSeed(context.getSession(), context.getRealm(), seed));
        } catch (ModelDuplicateException e) {
            EnrollSeed.renewSeed(context);
            EnrollRefusals.fail(context, config, event, "invalid_label", new FormMessage(FIELD_LABEL, "totpGuardLabelTaken"), true);
            return;
        } catch (SeedUnavailableException e) {
            LOG.errorf("totp-guard: cannot store a device for user %s: %s", user.getId(), e.getMessage());
            EnrollSeed.renewSeed(context);
            EnrollRefusals.fail(context, config, event, "key_unavailable", new FormMessage(FIELD_CODE, "totpGuardUnavailable"), true);
            return;
        }
        if (!added.added()) {
            EnrollRefusals.notAdded(context, config, event, added);
            return;
        }
        String credentialId = added.device().getId();
        EnrollSeed.clearNotes(authSession);
        // the confirmation code came from the new device: this authentication has shown it (new recovery codes next)
        Evidence.codeAccepted(authSession);
        event.detail(Details.CREDENTIAL_ID, credentialId);
        if (!label.isEmpty()) {
            event.detail(Details.CREDENTIAL_USER_LABEL, label);
        }
        TotpGuardMetrics.global().enrollmentCompleted(context.getRealm().getName());
        EnrollRecovery.chainRecoveryCodes(context, config.recoveryCodes(), form);
        AfterRecoveryCode.clear(authSession);
        context.success();
    }
}
