package dev.totpguard.safetynet;

import java.util.Map;

import dev.totpguard.audit.AuditDetails;
import dev.totpguard.confirm.CodeConfirmation;
import dev.totpguard.confirm.Evidence;
import dev.totpguard.credential.Devices;
import dev.totpguard.credential.TotpGuardCredentialModel;
import dev.totpguard.posture.Posture;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The safety net's required action. {@link #evaluateTriggers} (Keycloak asks every enabled required action at the end
 * of every authentication, the direct grant and brokered sign-ins included) adds it to the authentication session when
 * the user has a device, came by a direct grant or through an identity provider, and this authentication accepted no
 * code and no recovery code. Keycloak then answers the direct grant with HTTP 400 {@code invalid_grant} "Account is not
 * fully set up"; a brokered sign-in gets the "Confirm it is you" code page ({@link CodeConfirmation}: the one guarded
 * check, its limits and events), and only the right code lets it finish. Browser sign-ins that are not brokered are
 * never touched: a flow that lets a device user in at level 1 (step-up only) does so on purpose.
 */
final class SafetyNetAction implements RequiredActionProvider {

    /** The code page's purpose: its intro text, and the events' {@code totp_ceremony}. */
    static final String PURPOSE = "sign_in";
    /** Event detail: the way in, as the posture names it ({@code direct-grant}, {@code idp:corp}…). */
    static final String WAY = "totp_way";
    /** Event detail {@code reason} of a refused direct grant. */
    static final String NOT_CHECKED = "not_checked";

    private static final Logger LOG = Logger.getLogger(SafetyNetAction.class);
    private static final String TOKEN_ENDPOINT = "/protocol/openid-connect/token";
    private static final String IDP = "idp:";
    /** At most one log line per realm and way an hour, on each node. */
    private static final Reminders REMINDERS = new Reminders(3_600_000L);

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        String way = way(context);
        if (way == null) {
            return; // a browser sign-in that is not brokered, a reset, an application-initiated action…
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = context.getUser();
        if (user == null || authSession.getRequiredActions().contains(SafetyNetActionFactory.PROVIDER_ID)
                || !Devices.any(user)
                || Evidence.secondFactorShown(context.getSession(), context.getRealm(), authSession)) {
            return;
        }
        // the authentication session only: never the user's own required actions
        authSession.addRequiredAction(SafetyNetActionFactory.PROVIDER_ID);
        if (way.startsWith(IDP)) {
            remind(context, way, "a sign-in through identity provider '" + way.substring(IDP.length()) + "' of a user"
                    + " with a TOTP Guard device asked for no code; the safety net asks for it");
            return;
        }
        context.getEvent().clone().event(EventType.LOGIN).user(user)
                .detail(AuditDetails.REASON, NOT_CHECKED)
                .detail(WAY, way)
                .detail(Details.CREDENTIAL_TYPE, TotpGuardCredentialModel.TYPE)
                .error(Errors.NOT_ALLOWED);
        remind(context, way, "a direct grant (client '" + authSession.getClient().getClientId() + "') of a user with a"
                + " TOTP Guard device passed its flow without a code; the safety net refused it");
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (nothingToAsk(context)) {
            context.success();
            return;
        }
        context.challenge(CodeConfirmation.page(context, PURPOSE, null, null));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (nothingToAsk(context) || CodeConfirmation.check(context, PURPOSE)) {
            context.success();
        }
    }

    /** No device (any more), or a code already accepted in this authentication. */
    private static boolean nothingToAsk(RequiredActionContext context) {
        return !Devices.any(context.getUser())
                || Evidence.secondFactorShown(context.getSession(), context.getRealm(), context.getAuthenticationSession());
    }

    /**
     * The way in, as {@link Posture} names it, when the safety net covers it: {@code direct-grant} (or the client's
     * override, {@code client:<clientId>:direct-grant}) for a password grant at the token endpoint, {@code idp:<alias>}
     * for a sign-in that an identity provider finished (Keycloak's broker notes the provider's alias for the user
     * session, {@link Details#IDENTITY_PROVIDER}, before it asks the required actions); {@code null} otherwise.
     */
    static String way(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Map<String, String> notes = authSession.getUserSessionNotes();
        String idp = notes == null ? null : notes.get(Details.IDENTITY_PROVIDER);
        if (idp != null && !idp.isBlank()) {
            return IDP + idp;
        }
        if (!passwordGrant(context)) {
            return null;
        }
        ClientModel client = authSession.getClient();
        Map<String, String> overrides = client.getAuthenticationFlowBindingOverrides();
        String override = overrides == null ? null : overrides.get(AuthenticationFlowBindings.DIRECT_GRANT_BINDING);
        return override != null && !override.isBlank() ? Posture.clientWay(client, Posture.DIRECT_GRANT) : Posture.DIRECT_GRANT;
    }

    private static boolean passwordGrant(RequiredActionContext context) {
        HttpRequest request = context.getHttpRequest();
        if (request == null || !"POST".equals(request.getHttpMethod()) || context.getUriInfo() == null) {
            return false;
        }
        String path = context.getUriInfo().getPath();
        return path != null && path.endsWith(TOKEN_ENDPOINT)
                && OAuth2Constants.PASSWORD.equals(request.getDecodedFormParameters().getFirst(OAuth2Constants.GRANT_TYPE));
    }

    private static void remind(RequiredActionContext context, String way, String what) {
        String realm = context.getRealm().getName();
        if (REMINDERS.due(realm + "\n" + way, System.currentTimeMillis())) {
            LOG.warnf("totp-guard: realm %s, way %s: %s. Fix: %s. (Said at most once an hour per realm and way.)",
                    realm, way, what, Coverage.fix(way));
        }
    }

    @Override
    public void close() {
    }
}
