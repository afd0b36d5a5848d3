package dev.totpguard.enroll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.totpguard.audit.AuditDetails;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.SeedUnavailableException;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.guard.CodeCheck;
import dev.totpguard.metrics.TotpGuardMetrics;
import dev.totpguard.otp.Base32;
import dev.totpguard.otp.OtpAuthUri;
import dev.totpguard.otp.SecretGenerator;
import dev.totpguard.otp.Totp;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.CredentialRegistrator;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Enrolls a TOTP device: shows a QR code and the key, and stores the device once the user proves it works by typing a
 * code. The seed lives only in the authentication session (server side) until then, never in a form field; a wrong
 * code or an abandoned page stores nothing.
 */
final class TotpGuardEnrollAction implements RequiredActionProvider, CredentialRegistrator {

    static final String SEED_NOTE = "totp-guard.enroll.seed";
    static final String FIELD_CODE = "otp";
    static final String FIELD_LABEL = "userLabel";
    static final String TEMPLATE = "totp-guard-enroll.ftl";
    static final int MAX_LABEL_LENGTH = 64;
    /** The confirmation code may come from the step before or after the server's (network delay, clock drift). */
    static final int WINDOW = 1;

    private static final Logger LOG = Logger.getLogger(TotpGuardEnrollAction.class);

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // enrollment is triggered by our authenticator (setRequiredActions), an admin, or the user (Account Console)
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        EnrollConfig config = config(context);
        if (atDeviceLimit(context, config)) {
            deviceLimitReached(context, config);
            return;
        }
        if (context.getAuthenticationSession().getAuthNote(SEED_NOTE) == null) {
            TotpGuardMetrics.global().enrollmentStarted(context.getRealm().getName());
        }
        context.challenge(page(context, config, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        EnrollConfig config = config(context);
        EventBuilder event = context.getEvent().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, TotpGuardCredentialModel.TYPE);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String label = form.getFirst(FIELD_LABEL) == null ? "" : form.getFirst(FIELD_LABEL).strip();
        UserModel user = context.getUser();
        Devices devices = Devices.of(context.getSession());

        if (devices.of(user).count() >= config.maxDevices()) {
            // the limit was reached meanwhile (another tab, an admin): nothing is stored
            deviceLimitReached(context, config);
            return;
        }
        FormMessage labelError = labelError(devices, user, label, config);
        if (labelError != null) {
            fail(context, config, event, "invalid_label", labelError);
            return;
        }
        byte[] seed = seed(context.getAuthenticationSession(), config);
        Totp totp = config.totp();
        List<String> codes = form.get(FIELD_CODE);
        long now = totp.step(Instant.ofEpochMilli(Time.currentTimeMillis()));
        CodeCheck.Match match = CodeCheck.match(totp, seed, codes == null || codes.size() != 1 ? null : codes.get(0), now, WINDOW);
        if (!match.wellFormed()) {
            fail(context, config, event, "malformed", new FormMessage(FIELD_CODE, "totpGuardInvalidCode"));
            return;
        }
        OptionalLong step = match.step();
        if (step.isEmpty()) {
            fail(context, config, event, "invalid", new FormMessage(FIELD_CODE, "totpGuardInvalidCode"));
            return;
        }
        // the confirmation code's step counts as used: it cannot sign in afterwards
        TotpGuardCredentialModel device = TotpGuardCredentialModel.create(totp, label.isEmpty() ? null : label,
                Time.currentTimeMillis(), step.getAsLong());
        String credentialId;
        try {
            credentialId = devices.create(context.getRealm(), user, device, seed).getId();
        } catch (ModelDuplicateException e) {
            fail(context, config, event, "invalid_label", new FormMessage(FIELD_LABEL, "totpGuardLabelTaken"));
            return;
        } catch (SeedUnavailableException e) {
            LOG.errorf("totp-guard: cannot store a device for user %s: %s", user.getId(), e.getMessage());
            fail(context, config, event, "key_unavailable", new FormMessage(FIELD_CODE, "totpGuardUnavailable"));
            return;
        }
        context.getAuthenticationSession().removeAuthNote(SEED_NOTE);
        event.detail(Details.CREDENTIAL_ID, credentialId);
        if (!label.isEmpty()) {
            event.detail(Details.CREDENTIAL_USER_LABEL, label);
        }
        TotpGuardMetrics.global().enrollmentCompleted(context.getRealm().getName());
        context.success();
    }

    @Override
    public void initiatedActionCanceled(KeycloakSession session, AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(SEED_NOTE);
    }

    @Override
    public String getCredentialType(KeycloakSession session, AuthenticationSessionModel authenticationSession) {
        return TotpGuardCredentialModel.TYPE;
    }

    @Override
    public void close() {
    }

    private static FormMessage labelError(Devices devices, UserModel user, String label,
                                          EnrollConfig config) {
        if (label.length() > MAX_LABEL_LENGTH) {
            return new FormMessage(FIELD_LABEL, "totpGuardLabelTooLong", MAX_LABEL_LENGTH);
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            return new FormMessage(FIELD_LABEL, "totpGuardLabelInvalid");
        }
        if (label.isEmpty()) {
            if (devices.of(user).findAny().isPresent()) {
                return new FormMessage(FIELD_LABEL, "totpGuardLabelRequired");
            }
            return config.labelRequired() ? new FormMessage(FIELD_LABEL, "totpGuardLabelMissing") : null;
        }
        boolean taken = devices.of(user).anyMatch(d -> label.equalsIgnoreCase(d.getUserLabel()));
        return taken ? new FormMessage(FIELD_LABEL, "totpGuardLabelTaken") : null;
    }

    private static void fail(RequiredActionContext context, EnrollConfig config, EventBuilder event, String reason,
                             FormMessage error) {
        // an UPDATE_CREDENTIAL_ERROR event with the reason; the page keeps the same seed, so the same QR code
        event.clone().detail(AuditDetails.REASON, reason).error(Errors.INVALID_USER_CREDENTIALS);
        TotpGuardMetrics.global().enrollmentFailed(context.getRealm().getName(), reason);
        context.challenge(page(context, config, error));
    }

    private static Response page(RequiredActionContext context, EnrollConfig config, FormMessage error) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        byte[] seed = seed(authSession, config);
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        String issuer = !config.issuer().isBlank() ? config.issuer()
                : realm.getDisplayName() != null && !realm.getDisplayName().isBlank() ? realm.getDisplayName() : realm.getName();
        String uri = OtpAuthUri.totp(issuer, user.getUsername(), seed, config.algorithm(), config.digits(), config.period())
                .toUriString();
        boolean labelRequired = config.labelRequired()
                || Devices.of(context.getSession()).of(user).findAny().isPresent();
        EnrollPage page = new EnrollPage(QrCode.pngDataUri(uri), groups(Base32.encode(seed)), config.algorithm().uriName(),
                config.digits(), config.period(), issuer, user.getUsername(), labelRequired, typedLabel(context));
        var form = context.form().setAttribute("totpGuard", page)
                // the page shows a seed: no browser or proxy may keep it
                .setResponseHeader("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0")
                .setResponseHeader("Pragma", "no-cache");
        if (error != null) {
            form.addError(error);
        }
        return form.createForm(TEMPLATE);
    }

    /** The device name of the form being answered with an error, to show it again; the code is never shown again. */
    private static String typedLabel(RequiredActionContext context) {
        if (!"POST".equals(context.getHttpRequest().getHttpMethod())) {
            return "";
        }
        String label = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD_LABEL);
        return label == null || label.length() > MAX_LABEL_LENGTH ? "" : label.strip();
    }

    /** The seed being enrolled in this authentication session, created on first use with the configured algorithm. */
    private static byte[] seed(AuthenticationSessionModel authSession, EnrollConfig config) {
        String note = authSession.getAuthNote(SEED_NOTE);
        if (note != null) {
            byte[] seed = Base32.decode(note);
            if (seed.length == config.algorithm().macLength()) {
                return seed;
            }
            // the realm admin changed the algorithm meanwhile: start over with a seed of the right length
        }
        byte[] seed = SecretGenerator.generate(config.algorithm());
        authSession.setAuthNote(SEED_NOTE, Base32.encode(seed));
        return seed;
    }

    private static List<String> groups(String base32) {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < base32.length(); i += 4) {
            groups.add(base32.substring(i, Math.min(base32.length(), i + 4)));
        }
        return groups;
    }

    private static boolean atDeviceLimit(RequiredActionContext context, EnrollConfig config) {
        return Devices.of(context.getSession()).of(context.getUser()).count() >= config.maxDevices();
    }

    /**
     * The user already has as many devices as allowed. Asked by the user (Account Console, {@code kc_action}): a page
     * that says so, with a way back. Set by an admin or a flow: there is nothing to enroll, the action is done.
     */
    private static void deviceLimitReached(RequiredActionContext context, EnrollConfig config) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.removeAuthNote(SEED_NOTE);
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                .detail(Details.CREDENTIAL_TYPE, TotpGuardCredentialModel.TYPE)
                .detail(AuditDetails.REASON, "device_limit")
                .error(Errors.INVALID_USER_CREDENTIALS);
        if (TotpGuardEnrollActionFactory.PROVIDER_ID.equals(authSession.getClientNote(Constants.KC_ACTION_EXECUTING))) {
            context.challenge(context.form()
                    .setAttribute("totpGuardLimit", config.maxDevices())
                    .setError("totpGuardDeviceLimit", config.maxDevices())
                    .createForm(TEMPLATE));
        } else {
            context.success();
        }
    }

    /** The configuration; a bad stored value (validation bypassed) falls back to the safe defaults, never to a broken page. */
    private static EnrollConfig config(RequiredActionContext context) {
        if (context.getConfig() == null) {
            return EnrollConfig.DEFAULT;
        }
        try {
            return EnrollConfig.from(context.getConfig().getConfig());
        } catch (EnrollConfig.InvalidConfigException e) {
            LOG.warnf("Ignoring invalid %s config in realm %s (%s); using the defaults",
                    TotpGuardEnrollActionFactory.PROVIDER_ID, context.getRealm().getName(), e.getMessage());
            return EnrollConfig.DEFAULT;
        }
    }
}
