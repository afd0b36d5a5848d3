package dev.totpguard.confirm;

import java.util.List;
import java.util.Locale;

import dev.totpguard.audit.AttemptEvents;
import dev.totpguard.audit.AuditDetails;
import dev.totpguard.ceremony.Ceremony;
import dev.totpguard.credential.AttemptRunner;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.guard.Attempt;
import dev.totpguard.guard.CodeCheck;
import dev.totpguard.guard.GuardPolicy;
import dev.totpguard.metrics.TotpGuardMetrics;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;

/**
 * "Confirm it's you": a code of one of the user's existing devices, asked inside a required action before a change of
 * the second factor ({@link CeremonyGate} said {@code ASK_CODE}). The code goes through {@link CodeCheck} like any
 * other: the per-user limit and lockout (the realm's strictest, as for every attempt) and accept-once hold; the window and
 * drift are the defaults, without resync (there is no second page to ask for the next code). Failures are {@code LOGIN_ERROR} events with a {@code reason} (and count towards the
 * lockout mail); the page never says more than "invalid code".
 */
public final class CodeConfirmation {

    /** Attribute that turns the code prompt into the confirmation page. */
    static final String CONFIRM_ATTRIBUTE = "totpGuardConfirm";
    static final String INVALID_CODE = "totpGuardInvalidCode";
    static final String UNAVAILABLE = "totpGuardUnavailable";

    private CodeConfirmation() {
    }

    /** The confirmation page: the user's devices, a code field, and what it is for. */
    public static Response page(RequiredActionContext context, Ceremony ceremony, String credentialId, String error) {
        return page(context, purpose(ceremony), credentialId, error);
    }

    /**
     * The confirmation page for a purpose that is not a ceremony ({@code sign_in}: a sign-in whose flow asked for no
     * code); the purpose picks the page's intro text and is the events' {@code totp_ceremony}.
     */
    public static Response page(RequiredActionContext context, String purpose, String credentialId, String error) {
        List<TotpGuardCredentialModel> devices =
                Devices.of(context.getUser()).toList();
        LoginFormsProvider form = context.form()
                .setAttribute("totpGuard", CodePage.of(devices, credentialId))
                .setAttribute(CONFIRM_ATTRIBUTE, purpose);
        if (error != null) {
            form.addError(new FormMessage(CodePage.FIELD_CODE, error));
        }
        return form.createForm(CodePage.TEMPLATE);
    }

    /**
     * Checks the posted code. True when it was accepted (recorded as {@link Evidence}); otherwise the page has been
     * answered with the confirmation again.
     */
    public static boolean check(RequiredActionContext context, Ceremony ceremony) {
        return check(context, purpose(ceremony));
    }

    /** {@link #check(RequiredActionContext, Ceremony)} for a purpose that is not a ceremony. */
    public static boolean check(RequiredActionContext context, String purpose) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String credentialId = form.getFirst(CodePage.FIELD_DEVICE);
        List<String> codes = form.get(CodePage.FIELD_CODE);
        String code = codes != null && codes.size() == 1 ? codes.get(0) : null;
        Attempt attempt = AttemptRunner.run(context.getSession(), context.getRealm(), context.getUser(),
                TotpGuardMetrics.ENTRY_CONFIRM, credentialId, code, GuardPolicy.DEFAULT.withoutResync(), null);
        var event = context.getEvent().clone().event(EventType.LOGIN)
                .detail(AuditDetails.CEREMONY, purpose);
        AttemptEvents.record(event, attempt);
        if (attempt.success()) {
            Evidence.codeAccepted(context.getAuthenticationSession());
            return true;
        }
        String message = switch (attempt.outcome()) {
            case UNAVAILABLE, UNSEALED -> UNAVAILABLE;
            default -> INVALID_CODE;
        };
        context.challenge(page(context, purpose, attempt.credentialId() != null ? attempt.credentialId() : credentialId,
                message));
        return false;
    }

    private static String purpose(Ceremony ceremony) {
        return ceremony.name().toLowerCase(Locale.ROOT);
    }

    /** A ceremony refused outright (a mail link for a user who has a device): an error page that says what to do. */
    public static void refuse(RequiredActionContext context, Ceremony ceremony, String reason, String message) {
        context.getEvent().clone().event(EventType.UPDATE_CREDENTIAL)
                .detail(AuditDetails.CEREMONY, ceremony.name().toLowerCase(Locale.ROOT))
                .detail(AuditDetails.REASON, reason)
                .detail(Details.CREDENTIAL_TYPE, TotpGuardCredentialModel.TYPE)
                .error(Errors.NOT_ALLOWED);
        context.challenge(context.form().setError(message).createErrorPage(Response.Status.FORBIDDEN));
    }
}
